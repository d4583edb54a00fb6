package org.opencdp.projector.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.eclipse.microprofile.config.Config;
import org.opencdp.platform.streams.StreamsEdge;
import org.opencdp.platform.streams.TransientFailureRecovery;

/**
 * Gives Kafka Streams the platform's recovery from transient failures (the Quarkus extension installs the
 * {@link StreamsUncaughtExceptionHandler} bean, which this one is), and readiness the same instance.
 */
@ApplicationScoped
public class StreamsRecovery {

    @Produces
    @Singleton
    TransientFailureRecovery recovery(final Config config) {
        return StreamsEdge.recovery(config);
    }
}
