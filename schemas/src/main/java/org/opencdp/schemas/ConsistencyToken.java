package org.opencdp.schemas;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The log positions a write reached, answered in {@code X-Consistency-Token} and accepted by reads as
 * {@code ?after=<token>} (read-your-writes; contract sections 5 and 7). The one grammar and the one formatter:
 * ingest-api and the projector's undo-merge route write tokens with {@link #format()}, the projector's reads
 * read them with {@link #parse}.
 *
 * <p>Format: {@code <partition>:<offset>} pairs of the {@code customer-commands} topic, comma-separated,
 * ascending by partition, e.g. {@code 0:41,2:17}. Each offset is the highest offset the write produced to
 * that partition; a reader has caught up with the write once it has folded that offset (its position on the
 * partition is greater than it). Only partitions the write touched are named. A partition is 1 to 10 digits
 * and at most {@link Integer#MAX_VALUE}, an offset 1 to 19 digits and at most {@link Long#MAX_VALUE}; a reader
 * accepts the pairs in any order, never a partition twice. The text needs no escaping in a header or a query
 * string.
 *
 * <p>A write routed by identifiers answers the positions it wrote on {@code identity-commands}, each pair
 * prefixed with {@value #IDENTITY_PREFIX} ({@link #formatIdentity()}, {@code identity:3:17}).
 *
 * @param offsets offset per partition, ascending; empty for a read that waits for nothing ({@link #NONE})
 */
public record ConsistencyToken(SortedMap<Integer, Long> offsets) {

    /** No token: read what is there. */
    public static final ConsistencyToken NONE = new ConsistencyToken(new TreeMap<>());

    /** The prefix of each pair of a token naming {@code identity-commands} positions. */
    public static final String IDENTITY_PREFIX = "identity:";

    private static final Pattern ENTRY = Pattern.compile("(\\d{1,10}):(\\d{1,19})");

    public ConsistencyToken {
        offsets = Collections.unmodifiableSortedMap(new TreeMap<>(offsets));
    }

    /** The token of a write, from the highest offset it wrote per partition (at least one). */
    public static ConsistencyToken of(final Map<Integer, Long> highestOffsetByPartition) {
        if (highestOffsetByPartition.isEmpty()) {
            throw new IllegalArgumentException("A consistency token names at least one partition");
        }
        return new ConsistencyToken(new TreeMap<>(highestOffsetByPartition));
    }

    /** The token of a write of one record. */
    public static ConsistencyToken of(final int partition, final long offset) {
        return of(Map.of(partition, offset));
    }

    /**
     * Reads a token as sent; ascending order is not required, a partition named twice is refused. An empty
     * token names no write, so it waits for nothing (the HTTP layer cannot tell {@code ?after=} from no
     * parameter).
     *
     * @throws IllegalArgumentException naming what is wrong, for the caller's 400
     */
    public static ConsistencyToken parse(final String text) {
        if (text.isEmpty()) {
            return NONE;
        }
        final SortedMap<Integer, Long> offsets = new TreeMap<>();
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

    /**
     * The token {@link #format()} wrote, or empty when {@code text} names no write: null, empty, or not a
     * token by {@link #parse}'s grammar (a partition named twice included).
     */
    public static Optional<ConsistencyToken> tryParse(final String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException notAToken) {
            return Optional.empty();
        }
    }

    /** The offset the read must have seen on {@code partition}, if the token names it. */
    public OptionalLong offsetFor(final int partition) {
        final Long offset = offsets.get(partition);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    public boolean isEmpty() {
        return offsets.isEmpty();
    }

    /** The token in its wire form: {@code 0:41,2:17}; empty for {@link #NONE}. */
    public String format() {
        return format("");
    }

    /** The token of an {@code identity-commands} write in its wire form: {@code identity:0:41,identity:2:17}. */
    public String formatIdentity() {
        return format(IDENTITY_PREFIX);
    }

    /** The token in its wire form ({@link #format()}), to pass on with a forwarded query. */
    @Override
    public String toString() {
        return format();
    }

    private String format(final String prefix) {
        final StringBuilder text = new StringBuilder();
        offsets.forEach((partition, offset) -> text.append(text.isEmpty() ? "" : ",").append(prefix)
                .append(partition).append(':').append(offset));
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
