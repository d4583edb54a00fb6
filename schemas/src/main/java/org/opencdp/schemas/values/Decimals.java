package org.opencdp.schemas.values;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numbers a command may carry, one rule for ingest-api (which refuses a number out of bounds) and the
 * projector's fold (which records it as a rejection): a decimal of at most {@value #MAX_SIGNIFICANT_DIGITS}
 * significant digits whose magnitude lies within 10^±{@value #MAX_EXPONENT} (zero included), written in at
 * most {@value #MAX_TEXT_LENGTH} characters. Every finite 64-bit double outside the subnormal range fits,
 * so a value that passes converts to a double without becoming infinite, and its plain text
 * ({@link BigDecimal#toPlainString()}) is a few hundred characters at most, never the billion characters
 * of {@code 1e999999999}.
 *
 * <p>Parsing never hands an unbounded exponent to {@link BigDecimal}: {@code "1e99999999999"} is a
 * number out of range, not an exception.
 */
public final class Decimals {

    public static final int MAX_SIGNIFICANT_DIGITS = 40;
    public static final int MAX_EXPONENT = 308;
    public static final int MAX_TEXT_LENGTH = 400;

    /** The numeric text forms: sign, digits, optional fraction and exponent (any exponent length). */
    private static final Pattern FORM = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE]([+-]?)(\\d+))?");
    /** Exponent digits beyond this many are out of range whatever the mantissa (leading zeros ignored). */
    private static final int MAX_EXPONENT_DIGITS = 6;

    private Decimals() {
    }

    /** What a text says as a number. */
    public sealed interface Reading {

        /** Not written as a number at all ({@code "abc"}, {@code ""}, {@code "1,5"}). */
        record NotNumeric() implements Reading {
        }

        /** Written as a number, but outside the bounds: {@code reason} says which. */
        record OutOfRange(String reason) implements Reading {
        }

        record Number(BigDecimal value) implements Reading {
        }
    }

    /** Whether {@code text} (surrounding white space ignored) is written as a number, in bounds or not. */
    public static boolean isNumericForm(final String text) {
        return !(read(text) instanceof Reading.NotNumeric);
    }

    /** The number {@code text} (surrounding white space ignored) writes, when it is one within the bounds. */
    public static Optional<BigDecimal> parse(final String text) {
        return read(text) instanceof Reading.Number number ? Optional.of(number.value()) : Optional.empty();
    }

    /** Reads {@code text} (surrounding white space ignored) as a number, in linear time and bounded memory. */
    public static Reading read(final String text) {
        final String value = text.strip();
        final Matcher form = FORM.matcher(value);
        if (!form.matches()) {
            return new Reading.NotNumeric();
        }
        if (value.length() > MAX_TEXT_LENGTH) {
            return new Reading.OutOfRange("a number may be written in at most " + MAX_TEXT_LENGTH + " characters");
        }
        final String exponent = form.group(2);
        if (exponent != null && stripLeadingZeros(exponent).length() > MAX_EXPONENT_DIGITS) {
            return new Reading.OutOfRange(outOfRange());
        }
        // Mantissa at most MAX_TEXT_LENGTH digits and exponent at most 6 digits: BigDecimal parses it cheaply.
        return check(new BigDecimal(value));
    }

    /** Checks a decimal against the bounds. */
    public static Reading check(final BigDecimal value) {
        if (value.signum() == 0) {
            // 0e-999999 is zero: keep at most the fraction digits a number may have, so its text stays short.
            return new Reading.Number(value.setScale(Math.clamp(value.scale(), 0, MAX_SIGNIFICANT_DIGITS)));
        }
        final BigDecimal significant = value.stripTrailingZeros();
        if (significant.precision() > MAX_SIGNIFICANT_DIGITS) {
            return new Reading.OutOfRange("a number may have at most " + MAX_SIGNIFICANT_DIGITS + " significant digits");
        }
        // The power of ten of the leading digit: 1234.5 is 3, 0.00123 is -3.
        final long leading = (long) significant.precision() - significant.scale() - 1;
        if (Math.abs(leading) > MAX_EXPONENT) {
            return new Reading.OutOfRange(outOfRange());
        }
        return new Reading.Number(value);
    }

    /** Checks a double: finite and within the bounds (subnormals, below 1e-308, are out of range). */
    public static Reading check(final double value) {
        if (!Double.isFinite(value)) {
            return new Reading.OutOfRange(outOfRange());
        }
        return check(BigDecimal.valueOf(value));
    }

    private static String outOfRange() {
        return "a number's magnitude must lie between 1e-" + MAX_EXPONENT + " and 1e" + (MAX_EXPONENT + 1);
    }

    private static String stripLeadingZeros(final String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }
}
