package org.opencdp.platform.health;

import java.util.Optional;

import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.opencdp.platform.streams.TransientFailureRecovery;

/**
 * Ready only while Kafka Streams is RUNNING and no transient failure (the schema registry or the broker
 * out of reach) is holding processing back: then the stores are restored (global stores are bootstrapped
 * before RUNNING) and queries can be answered. Quarkus' own checks add liveness on the Streams state and
 * readiness on the topics.
 * <p>
 * Not a bean itself (platform is on ingest-api's class path too, which has no Streams): each Streams service
 * declares one {@code @Readiness} subclass that names its check.
 */
public abstract class StreamsReadiness implements HealthCheck {

    private final String name;
    private final KafkaStreams streams;
    private final TransientFailureRecovery recovery;

    protected StreamsReadiness(final String name, final KafkaStreams streams, final TransientFailureRecovery recovery) {
        this.name = name;
        this.streams = streams;
        this.recovery = recovery;
    }

    @Override
    public HealthCheckResponse call() {
        final KafkaStreams.State state = streams.state();
        final Optional<String> unavailable = recovery.unavailability();
        final HealthCheckResponseBuilder response = HealthCheckResponse.named(name)
                .status(state == KafkaStreams.State.RUNNING && unavailable.isEmpty())
                .withData("state", state.name());
        unavailable.ifPresent(reason -> response.withData("transient-failure", reason));
        return response.build();
    }
}
