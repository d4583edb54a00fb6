package org.opencdp.platform.streams;

import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.apache.kafka.streams.errors.TaskMigratedException;

/**
 * Tells a record's own fault from the infrastructure's. A record that cannot be applied is dead-lettered; a
 * failure that is no fault of the record (a registry or broker that cannot be reached, a task that moved) must
 * reach Kafka Streams, which retries or re-balances, so that a valid record is never dead-lettered for it.
 */
public final class Failures {

    private Failures() {
    }

    /**
     * True when {@code failure}, or any of its causes, is transient ({@link RetriableException} and its
     * subclasses) or belongs to Kafka Streams' own task management ({@link TaskMigratedException},
     * {@link TaskCorruptedException}).
     */
    public static boolean isTransient(final Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RetriableException || cause instanceof TaskMigratedException
                    || cause instanceof TaskCorruptedException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** The message of {@code failure} and of each of its causes, joined: what a dead letter's reason says. */
    public static String describe(final Throwable failure) {
        final StringBuilder reason = new StringBuilder(failure.getClass().getSimpleName()).append(": ")
                .append(failure.getMessage());
        int depth = 0;
        for (Throwable cause = failure.getCause(); cause != null && depth < 8; cause = cause.getCause(), depth++) {
            reason.append(": ").append(cause.getMessage());
        }
        return reason.toString();
    }
}
