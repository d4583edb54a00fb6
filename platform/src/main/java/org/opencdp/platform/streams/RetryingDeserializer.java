package org.opencdp.platform.streams;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A deserializer that waits out a transient failure (the schema registry out of reach) in place, retrying with a
 * back-off doubled up to a bound, and passes every other failure on. For the one thread Kafka Streams cannot
 * replace: the global stream thread, which keeps global stores (it belongs to no consumer group, so waiting costs
 * it no membership), and which would otherwise take the whole client down on a registry outage.
 */
public final class RetryingDeserializer<T> implements Deserializer<T> {

    private static final Logger LOG = Logger.getLogger(RetryingDeserializer.class.getName());

    private final Deserializer<T> delegate;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final TransientFailureRecovery.Sleeper sleeper;

    public RetryingDeserializer(final Deserializer<T> delegate, final Duration firstBackoff, final Duration maxBackoff) {
        this(delegate, firstBackoff, maxBackoff, d -> Thread.sleep(d.toMillis()));
    }

    RetryingDeserializer(final Deserializer<T> delegate, final Duration firstBackoff, final Duration maxBackoff,
                         final TransientFailureRecovery.Sleeper sleeper) {
        this.delegate = delegate;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.sleeper = sleeper;
    }

    @Override
    public T deserialize(final String topic, final byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public T deserialize(final String topic, final Headers headers, final byte[] data) {
        Duration backoff = firstBackoff;
        while (true) {
            try {
                return headers == null ? delegate.deserialize(topic, data) : delegate.deserialize(topic, headers, data);
            } catch (RuntimeException e) {
                if (!Failures.isTransient(e)) {
                    throw e;
                }
                LOG.log(Level.WARNING, "Cannot read a record of " + topic + " now; trying again in "
                        + backoff.toMillis() + " ms: " + e.getMessage());
                try {
                    sleeper.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    // Shutting down: give up on the record, which stays unconsumed.
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }

    @Override
    public void close() {
        delegate.close();
    }
}
