package org.opencdp.ingest.ratelimit;

/**
 * A token bucket: {@code burst} requests at once, refilled at {@code perSecond}. Time is the caller's
 * ({@link System#nanoTime} in the service, explicit in tests).
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    private final double perSecond;
    private final double burst;
    private double tokens;
    private long refilledAt;

    TokenBucket(final double perSecond, final double burst, final long now) {
        if (!(perSecond > 0) || !(burst >= 1)) {
            throw new IllegalArgumentException("A rate limit needs per_second > 0 and burst >= 1, not "
                    + perSecond + " and " + burst);
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = now;
    }

    /** Takes one token: 0 when there was one, else how many nanoseconds until there is (nothing taken). */
    synchronized long take(final long now) {
        if (now > refilledAt) {
            tokens = Math.min(burst, tokens + (now - refilledAt) * perSecond / NANOS_PER_SECOND);
            refilledAt = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) * NANOS_PER_SECOND / perSecond);
    }
}
