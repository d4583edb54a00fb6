package org.opencdp.platform.query;

import java.util.Map;

/**
 * The answer to an interactive query, from this instance or from the one that holds the data. Each service
 * renders it in its {@code http/} package.
 *
 * @param <T> what this instance's own store answers
 */
public sealed interface Answer<T> {

    /** Seconds a client should wait before asking again while the projector starts, rebalances or catches up. */
    String RETRY_AFTER_SECONDS = "1";

    /** This instance's store answered. */
    record Local<T>(T value) implements Answer<T> {
    }

    /**
     * The instance holding the data answered over HTTP; passed on as it came, with the headers that matter
     * to the caller (which instance served it, Retry-After).
     */
    record Relayed<T>(int status, String contentType, String body, Map<String, String> headers) implements Answer<T> {

        public Relayed {
            headers = Map.copyOf(headers);
        }
    }

    /** No instance could answer within the tries allowed (starting, rebalancing, restoring). */
    record Unavailable<T>(String reason) implements Answer<T> {
    }

    /** The store did not reach the consistency token's position within the wait. */
    record NotCaughtUp<T>(String reason) implements Answer<T> {
    }

    /** The consistency token cannot name a write: a partition that does not exist, an offset not yet written. */
    record ImpossibleToken<T>(String message) implements Answer<T> {
    }
}
