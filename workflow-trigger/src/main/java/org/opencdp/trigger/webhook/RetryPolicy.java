package org.opencdp.trigger.webhook;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to try a webhook again: exponential back-off from {@code base}, doubled per failed attempt up to
 * {@code max}, with full jitter (a random share between half and all of it, so endpoints that failed together are
 * not retried together), and no retry after {@code maxAttempts}. Pure (the randomness is passed in).
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration max) {

    public RetryPolicy {
        if (maxAttempts < 1 || base.isNegative() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("A retry policy needs maxAttempts >= 1 and 0 <= base <= max");
        }
    }

    /** The pause before the next attempt after {@code attempts} failed ones; empty when the run is to be parked. */
    public Optional<Duration> nextDelay(final int attempts, final DoubleSupplier random) {
        if (attempts >= maxAttempts) {
            return Optional.empty();
        }
        final long exponential = base.toMillis() * (1L << Math.min(30, Math.max(0, attempts - 1)));
        final long capped = Math.min(max.toMillis(), exponential);
        return Optional.of(Duration.ofMillis((long) (capped * (0.5 + random.getAsDouble() / 2))));
    }
}
