package org.opencdp.projector.query;

import java.util.Collections;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The log positions a write produced on customer-commands, as ingest-api answers them in
 * {@code X-Consistency-Token}: comma-separated {@code partition:offset} pairs ({@code 0:41,2:17}). A read
 * given it waits until the store holding the customer has folded the offset named for its partition.
 *
 * @param offsets offset per partition; empty for a read that waits for nothing
 */
public record ConsistencyToken(Map<Integer, Long> offsets) {

    /** No token: read what is there. */
    public static final ConsistencyToken NONE = new ConsistencyToken(Map.of());

    private static final Pattern ENTRY = Pattern.compile("(\\d{1,10}):(\\d{1,19})");

    public ConsistencyToken {
        offsets = Collections.unmodifiableMap(new TreeMap<>(offsets));
    }

    /**
     * Reads a token as sent; ascending order is not required, a partition named twice is. An empty token
     * names no write, so it waits for nothing (the HTTP layer cannot tell {@code ?after=} from no parameter).
     *
     * @throws IllegalArgumentException naming what is wrong, for the caller's 400
     */
    public static ConsistencyToken parse(final String text) {
        if (text.isEmpty()) {
            return NONE;
        }
        final Map<Integer, Long> offsets = new TreeMap<>();
        for (final String entry : text.split(",", -1)) {
            final Matcher matcher = ENTRY.matcher(entry);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("the consistency token entry '" + abbreviate(entry)
                        + "' is not partition:offset (two non-negative integers)");
            }
            final long partition = Long.parseLong(matcher.group(1));
            final long offset = parseOffset(matcher.group(2), entry);
            if (partition > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("the consistency token names partition " + partition + ", which cannot exist");
            }
            if (offsets.put((int) partition, offset) != null) {
                throw new IllegalArgumentException("the consistency token names partition " + partition + " twice");
            }
        }
        return new ConsistencyToken(offsets);
    }

    /** The offset the read must have seen on {@code partition}, if the token names it. */
    public OptionalLong offsetFor(final int partition) {
        final Long offset = offsets.get(partition);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    public boolean isEmpty() {
        return offsets.isEmpty();
    }

    /** The token in its wire form, to pass on with a forwarded query. */
    @Override
    public String toString() {
        final StringBuilder text = new StringBuilder();
        offsets.forEach((partition, offset) -> text.append(text.isEmpty() ? "" : ",").append(partition).append(':').append(offset));
        return text.toString();
    }

    private static long parseOffset(final String digits, final String entry) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the consistency token entry '" + abbreviate(entry) + "' has an offset beyond 64 bits", e);
        }
    }

    private static String abbreviate(final String entry) {
        return entry.length() <= 40 ? entry : entry.substring(0, 40) + "…";
    }
}
