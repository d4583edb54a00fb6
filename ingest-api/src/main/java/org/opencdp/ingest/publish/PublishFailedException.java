package org.opencdp.ingest.publish;

/**
 * Kafka (or the schema registry) did not take every command of a request in time. The caller gets no
 * acknowledgement; some of the request's commands may still have been written (their command ids,
 * {@code <request_id>:<index>}, tell which request they came from).
 */
public class PublishFailedException extends RuntimeException {

    public PublishFailedException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
