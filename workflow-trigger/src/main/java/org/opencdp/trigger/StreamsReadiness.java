package org.opencdp.trigger;

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
 * out of reach) is holding processing back: then the definitions are loaded (the global store is
 * bootstrapped before RUNNING) and the run stores are restored, so the API can answer.
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
        final HealthCheckResponseBuilder response = HealthCheckResponse.named("workflow-trigger streams")
                .status(state == KafkaStreams.State.RUNNING && unavailable.isEmpty())
                .withData("state", state.name());
        unavailable.ifPresent(reason -> response.withData("transient-failure", reason));
        return response.build();
    }
}
