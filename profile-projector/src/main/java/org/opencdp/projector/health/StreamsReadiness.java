package org.opencdp.projector.health;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.opencdp.platform.streams.TransientFailureRecovery;

/**
 * Ready only while Kafka Streams is RUNNING and no transient failure (the schema registry or the broker
 * out of reach) is holding processing back: then the profile store is restored and queries can be
 * answered. Quarkus' own checks add liveness on the Streams state and readiness on the topics.
 */
@Readiness
@ApplicationScoped
public class StreamsReadiness implements HealthCheck {

    @Inject
    KafkaStreams streams;

    @Inject
    TransientFailureRecovery recovery;

    @Override
    public HealthCheckResponse call() {
        final KafkaStreams.State state = streams.state();
        final Optional<String> unavailable = recovery.unavailability();
        final HealthCheckResponseBuilder response = HealthCheckResponse.named("profile-projector-streams")
                .status(state == KafkaStreams.State.RUNNING && unavailable.isEmpty())
                .withData("state", state.name());
        unavailable.ifPresent(reason -> response.withData("transient-failure", reason));
        return response.build();
    }
}
