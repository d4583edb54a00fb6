package org.opencdp.platform.access;

/** A workspace's request-rate limit: a token bucket of {@code burst} requests, refilled at {@code perSecond}. */
public record RateLimit(double perSecond, double burst) {

    /** The most either may be: far above what one deployment serves, so a typo is refused, not obeyed. */
    public static final double MAX = 1_000_000_000;

    public RateLimit {
        if (!(perSecond > 0) || !(burst >= 1) || perSecond > MAX || burst > MAX) {
            throw new IllegalArgumentException("A rate limit needs 0 < per_second <= " + (long) MAX
                    + " and 1 <= burst <= " + (long) MAX + ", not " + perSecond + " and " + burst);
        }
    }
}
