package org.opencdp.bench.load;

/**
 * When each request of a constant-rate run is meant to be sent: request {@code i} (from 0) at
 * {@code start + i / rate}. Latency is measured from that intended time, not from when the request actually
 * left, so a stalled server is charged for every request it held back (no coordinated omission).
 *
 * @param startNanos    {@link System#nanoTime()} of request 0
 * @param ratePerSecond requests per second, &gt; 0
 */
public record ConstantRateSchedule(long startNanos, double ratePerSecond) {

    private static final double NANOS_PER_SECOND = 1_000_000_000.0;

    public ConstantRateSchedule {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("The rate must be a positive number of requests per second, not " + ratePerSecond);
        }
    }

    /** The intended send time of request {@code index}. */
    public long intendedNanos(final long index) {
        return startNanos + (long) (index * NANOS_PER_SECOND / ratePerSecond);
    }

    /** How many requests are due at {@code nowNanos}: those whose intended time is at or before it. */
    public long dueAt(final long nowNanos) {
        if (nowNanos < startNanos) {
            return 0;
        }
        final long due = (long) Math.floor((nowNanos - startNanos) * ratePerSecond / NANOS_PER_SECOND) + 1;
        // Rounding of the division can disagree with intendedNanos by one near a boundary: trust intendedNanos.
        if (intendedNanos(due) <= nowNanos) {
            return due + 1;
        }
        return intendedNanos(due - 1) <= nowNanos ? due : due - 1;
    }

    /** How many requests a run of {@code durationNanos} sends. */
    public long countWithin(final long durationNanos) {
        return dueAt(startNanos + durationNanos - 1);
    }
}
