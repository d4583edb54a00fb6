package org.opencdp.platform.streams;

import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
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
     * {@link TaskCorruptedException}), or says that the transaction coordinator aborted the thread's transaction
     * ({@link InvalidTxnStateException}, {@link InvalidProducerEpochException}): the process was paused past
     * {@code transaction.timeout.ms} (a long GC pause, a stopped or starved VM), so the coordinator aborted the open
     * transaction and the commit that follows fails. Nothing of that transaction is visible; a replacement thread,
     * with a new producer, reads its records again from the last committed offsets.
     */
    public static boolean isTransient(final Throwable failure) {
        return ErrorChain.find(failure, cause -> cause instanceof RetriableException
                || cause instanceof TaskMigratedException || cause instanceof TaskCorruptedException
                || cause instanceof InvalidTxnStateException || cause instanceof InvalidProducerEpochException).isPresent();
    }
}
