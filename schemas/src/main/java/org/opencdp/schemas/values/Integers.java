package org.opencdp.schemas.values;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Integers a command may carry: 64-bit, written as an optional sign and decimal digits. One rule for
 * ingest-api and the fold; a string of a larger integer is not an integer (never an overflow, never an
 * exception), and leading zeros count towards nothing ({@code "007"} is 7).
 */
public final class Integers {

    /** Sign and digits; at most {@value #MAX_TEXT_LENGTH} characters are ever read. */
    private static final Pattern FORM = Pattern.compile("[+-]?\\d+");
    public static final int MAX_TEXT_LENGTH = 40;

    private Integers() {
    }

    /** The 64-bit integer {@code text} (surrounding white space ignored) writes, if it writes one. */
    public static Optional<Long> parse(final String text) {
        final String value = text.strip();
        if (value.length() > MAX_TEXT_LENGTH || !FORM.matcher(value).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(value));
        } catch (NumberFormatException overflow) {
            // More than 64 bits: not an integer of this platform.
            return Optional.empty();
        }
    }
}
