package org.opencdp.schemas.serde;

import org.apache.kafka.common.errors.RetriableException;

/**
 * The schema registry could not be reached, did not answer in time, or answered with a server error (5xx),
 * even after a few attempts: a transient condition, not a fault of the record being read or written. It is a
 * Kafka {@link RetriableException}, so that what handles failures tells it from poison: a Streams task retries
 * the record later (the transaction is aborted, nothing is dead-lettered), a write is refused with 503.
 * A refusal by a registry that answered (unknown id, incompatible schema) is a {@link SchemaRegistryException}.
 */
public class SchemaRegistryUnavailableException extends RetriableException {

    public SchemaRegistryUnavailableException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
