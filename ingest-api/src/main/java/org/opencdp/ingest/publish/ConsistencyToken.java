package org.opencdp.ingest.publish;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The log positions a write reached, answered in {@code X-Consistency-Token} and accepted by reads as
 * {@code ?after=<token>} (read-your-writes).
 *
 * <p>Format: {@code <partition>:<offset>} pairs of the {@code customer-commands} topic, comma-separated,
 * ascending by partition, e.g. {@code 0:41,2:17}. Each offset is the highest offset the write produced to
 * that partition; a reader has caught up with the write once it has folded that offset (its position on
 * the partition is greater than it). Only partitions the write touched are named. The text needs no
 * escaping in a header or a query string.
 */
public record ConsistencyToken(SortedMap<Integer, Long> offsets) {

    private static final Pattern FORMAT = Pattern.compile("\\d{1,9}:\\d{1,19}(,\\d{1,9}:\\d{1,19})*");

    public ConsistencyToken {
        if (offsets.isEmpty()) {
            throw new IllegalArgumentException("A consistency token names at least one partition");
        }
        offsets = new TreeMap<>(offsets);
    }

    /** A token from the highest offset written per partition. */
    public static ConsistencyToken of(final Map<Integer, Long> highestOffsetByPartition) {
        return new ConsistencyToken(new TreeMap<>(highestOffsetByPartition));
    }

    public String format() {
        return offsets.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
    }

    /** The token {@link #format()} wrote, or empty when {@code text} is not one (a partition named twice included). */
    public static Optional<ConsistencyToken> parse(final String text) {
        if (text == null || !FORMAT.matcher(text).matches()) {
            return Optional.empty();
        }
        final SortedMap<Integer, Long> offsets = new TreeMap<>();
        for (final String pair : text.split(",")) {
            final int colon = pair.indexOf(':');
            try {
                final int partition = Integer.parseInt(pair.substring(0, colon));
                final long offset = Long.parseLong(pair.substring(colon + 1));
                if (offsets.putIfAbsent(partition, offset) != null) {
                    return Optional.empty();
                }
            } catch (NumberFormatException outOfRange) {
                return Optional.empty();
            }
        }
        return Optional.of(new ConsistencyToken(offsets));
    }

    @Override
    public String toString() {
        return format();
    }
}
