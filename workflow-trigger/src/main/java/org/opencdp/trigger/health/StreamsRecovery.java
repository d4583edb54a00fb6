package org.opencdp.trigger.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.opencdp.platform.streams.TransientFailureRecovery;

/**
 * Gives Kafka Streams the platform's recovery from transient failures (the Quarkus extension installs the
 * {@link StreamsUncaughtExceptionHandler} bean, which this one is), and readiness the same instance.
 */
@ApplicationScoped
public class StreamsRecovery {

    @Produces
    @Singleton
    TransientFailureRecovery recovery(
            @ConfigProperty(name = "cdp.streams.transient-backoff.first") final Duration first,
            @ConfigProperty(name = "cdp.streams.transient-backoff.max") final Duration max) {
        return new TransientFailureRecovery(first, max);
    }
}
