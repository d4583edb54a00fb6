package org.opencdp.platform.streams;

import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.apache.kafka.streams.errors.TaskMigratedException;
import org.opencdp.platform.failure.ErrorChain;

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
        return ErrorChain.find(failure, cause -> cause instanceof RetriableException
                || cause instanceof TaskMigratedException || cause instanceof TaskCorruptedException).isPresent();
    }
}
