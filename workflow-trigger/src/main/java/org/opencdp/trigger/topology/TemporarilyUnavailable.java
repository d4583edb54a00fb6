package org.opencdp.trigger.topology;

/**
 * Kafka or the trigger's state cannot serve a request right now (starting, rebalancing, broker slow);
 * the same request may succeed after a short wait.
 */
public class TemporarilyUnavailable extends RuntimeException {

    public TemporarilyUnavailable(final String message) {
        super(message);
    }

    public TemporarilyUnavailable(final String message, final Throwable cause) {
        super(message, cause);
    }
}
