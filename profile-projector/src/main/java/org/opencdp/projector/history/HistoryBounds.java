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
        return dropSteps(count, new Iterator<>() {
            @Override
            public boolean hasNext() {
                return oldestFirst.hasNext();
            }

            @Override
            public Step next() {
                return new Step(oldestFirst.next(), 1);
            }
        }, now);
    }

    /**
     * As {@link #drop}, for a history kept as steps (the changes of one command, stored together): whole steps are
     * dropped, oldest first, until what is left is within both bounds.
     *
     * @param count       how many entries (changes) the history holds
     * @param oldestFirst its steps, oldest first; read only as far as steps are dropped
     * @return the entries dropped (the sum of the dropped steps' entries) and from when the history is complete
     */
    public Drop dropSteps(final long count, final Iterator<Step> oldestFirst, final Instant now) {
        final Instant cutoff = now.minus(retention);
        long dropped = 0;
        Instant newestDropped = null;
        while (dropped < count && oldestFirst.hasNext()) {
            final Step step = oldestFirst.next();
            if (count - dropped <= maxEntries && !step.time().isBefore(cutoff)) {
                break;
            }
            dropped += step.entries();
            newestDropped = step.time();
        }
        return new Drop(dropped, Optional.ofNullable(newestDropped));
    }

    /** One stored step: its key time and how many entries it holds. */
    public record Step(Instant time, int entries) {
    }

    /**
     * @param count        the oldest entries to drop
     * @param completeFrom the newest dropped entry's time: {@code as_of} an instant at or after it is exact, before
     *                     it the history is incomplete (empty when nothing is dropped)
     */
    public record Drop(long count, Optional<Instant> completeFrom) {
    }
}
