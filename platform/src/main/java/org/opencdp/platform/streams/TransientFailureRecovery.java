package org.opencdp.platform.streams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.opencdp.platform.failure.ErrorChain;

/**
 * What a Streams service does when an exception escapes a stream thread. A transient failure (a Kafka
 * {@link RetriableException} anywhere in the causes: the schema registry or the broker cannot be reached) is not
 * the record's fault: the thread is replaced ({@code REPLACE_THREAD}), its tasks' transactions are aborted and
 * their records read again from the last commit, so nothing is lost and nothing is dead-lettered. Before the
 * replacement it waits, doubling the wait at each consecutive failure up to a bound, so that an outage does not
 * make the service spin. Any other exception has got past the processors' containment: the client shuts down
 * ({@code SHUTDOWN_CLIENT}, Kafka's default), as retrying the same record would fail the same way.
 *
 * <p>{@link #unavailability()} tells readiness that the service is not processing: from a transient failure
 * until the client has been RUNNING again for a settling time without another one (it is also the client's
 * {@link KafkaStreams.StateListener}, to know when it runs).
 */
public final class TransientFailureRecovery implements StreamsUncaughtExceptionHandler, KafkaStreams.StateListener {

    private static final Logger LOG = Logger.getLogger(TransientFailureRecovery.class.getName());

    /** Running this long after a transient failure without another one, a replacement thread is past it. */
    static final Duration SETTLING = Duration.ofSeconds(10);

    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Clock clock;
    private final Sleeper sleeper;
    private int consecutive;
    private Instant lastFailure = Instant.MIN;
    private Duration lastBackoff = Duration.ZERO;
    private String lastReason = "";
    private Instant runningSince;

    /** How the handler waits; a test passes one that records the waits instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public TransientFailureRecovery(final Duration firstBackoff, final Duration maxBackoff) {
        this(firstBackoff, maxBackoff, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
    }

    public TransientFailureRecovery(final Duration firstBackoff, final Duration maxBackoff, final Clock clock,
                                    final Sleeper sleeper) {
        if (firstBackoff.isNegative() || firstBackoff.isZero() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("The back-off must be positive and its bound at least the first wait: "
                    + firstBackoff + ", " + maxBackoff);
        }
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Override
    public StreamThreadExceptionResponse handle(final Throwable failure) {
        if (!Failures.isTransient(failure)) {
            LOG.log(Level.SEVERE, "A stream thread failed on an exception that is not transient; shutting the "
                    + "Streams client down", failure);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        final Duration backoff = recordTransient(failure);
        LOG.log(Level.WARNING, "A stream thread failed on a transient exception; replacing it in " + backoff.toMillis()
                + " ms (its transaction is aborted and its records are read again): " + describe(failure));
        try {
            sleeper.sleep(backoff);
        } catch (InterruptedException e) {
            // The service is shutting down: replacing the thread is still the right answer, and harmless.
            Thread.currentThread().interrupt();
        }
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    @Override
    public synchronized void onChange(final KafkaStreams.State newState, final KafkaStreams.State oldState) {
        runningSince = newState == KafkaStreams.State.RUNNING ? clock.instant() : null;
    }

    /**
     * Why the service cannot process now, after a transient failure: until the client has been RUNNING, since
     * after the failure, for a settling time. Empty otherwise.
     */
    public synchronized Optional<String> unavailability() {
        if (lastFailure.equals(Instant.MIN)) {
            return Optional.empty();
        }
        final boolean recovered = runningSince != null && runningSince.isAfter(lastFailure)
                && !clock.instant().isBefore(runningSince.plus(SETTLING));
        return recovered ? Optional.empty() : Optional.of(lastReason);
    }

    private synchronized Duration recordTransient(final Throwable failure) {
        final Instant now = clock.instant();
        // A failure long after the last one starts a new outage: wait the first back-off again.
        if (lastFailure.equals(Instant.MIN) || now.isAfter(lastFailure.plus(lastBackoff).plus(maxBackoff).plus(SETTLING))) {
            consecutive = 0;
        }
        final Duration backoff = backoff(consecutive);
        consecutive++;
        lastFailure = now;
        lastBackoff = backoff;
        lastReason = describe(failure);
        return backoff;
    }

    private Duration backoff(final int failuresBefore) {
        Duration backoff = firstBackoff;
        for (int i = 0; i < failuresBefore && backoff.compareTo(maxBackoff) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
    }

    /** The outermost retriable cause's message, which names what could not be reached and for what. */
    private static String describe(final Throwable failure) {
        return ErrorChain.find(failure, t -> t instanceof RetriableException)
                .map(t -> t.getClass().getSimpleName() + ": " + t.getMessage())
                .orElseGet(() -> String.valueOf(failure));
    }
}
