package org.opencdp.projector.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;

/**
 * What a profile's history keeps (contract section 12): at most {@code maxEntries} entries and none older than
 * {@code retention}, the oldest dropped first. Decides which to drop; the store drops them in the same
 * transaction as the write that passed a bound, and the profile then says from when its history is complete.
 */
public record HistoryBounds(int maxEntries, Duration retention) {

    /** The contract's defaults: 10,000 entries per profile, 400 days. */
    public static final HistoryBounds DEFAULTS = new HistoryBounds(10_000, Duration.ofDays(400));

    public HistoryBounds {
        if (maxEntries < 1 || retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("a history keeps at least one entry for some time: " + maxEntries + ", " + retention);
        }
    }

    /**
     * How many of the oldest entries to drop, and from when the history is then complete.
     *
     * @param count      how many entries the profile's history holds
     * @param oldestFirst their key times ({@link HistoryKey#time}), oldest first; read only as far as entries are
     *                   dropped, so a write within both bounds reads none
     * @param now        the time of the write (stream time), against which retention counts
     */
    public Drop drop(final long count, final Iterator<Instant> oldestFirst, final Instant now) {
        final Instant cutoff = now.minus(retention);
        final long over = Math.max(0, count - maxEntries);
        long dropped = 0;
        Instant newestDropped = null;
        while (dropped < count && oldestFirst.hasNext()) {
            final Instant time = oldestFirst.next();
            if (dropped >= over && !time.isBefore(cutoff)) {
                break;
            }
            dropped++;
            newestDropped = time;
        }
        return new Drop(dropped, Optional.ofNullable(newestDropped));
    }

    /**
     * @param count        the oldest entries to drop
     * @param completeFrom the newest dropped entry's time: {@code as_of} an instant at or after it is exact, before
     *                     it the history is incomplete (empty when nothing is dropped)
     */
    public record Drop(long count, Optional<Instant> completeFrom) {
    }
}
