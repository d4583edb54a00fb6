package org.opencdp.embedded;

import java.time.Duration;
import java.time.Instant;

/**
 * What the broker and the registry share: a service run in a {@link ChildProcess} that is started, waited for
 * until it serves, and stopped. A service that does not become ready is stopped before the failure is thrown.
 */
public abstract sealed class ChildService implements AutoCloseable permits EmbeddedKafka, EmbeddedRegistry {

    private final ChildProcess process;

    ChildService(final ChildProcess process) {
        this.process = process;
    }

    /** The child JVM: its pid, log file and whether it is alive. */
    public ChildProcess process() {
        return process;
    }

    /** Stops the service (gracefully, then a kill if it takes too long). Idempotent. */
    public void stop() {
        process.stop();
    }

    @Override
    public void close() {
        stop();
    }

    /** How a service finds out that it serves: returns then, throws when it does not by {@code deadline}. */
    @FunctionalInterface
    interface Readiness {
        void await(Instant deadline) throws InterruptedException;
    }

    /** Waits until the service serves, within {@code timeout}; stops it and rethrows when it does not. */
    final void awaitReadyOrStop(final Duration timeout, final Readiness readiness) {
        try {
            readiness.await(Instant.now().plus(timeout));
        } catch (InterruptedException e) {
            stop();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + process, e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }
}
