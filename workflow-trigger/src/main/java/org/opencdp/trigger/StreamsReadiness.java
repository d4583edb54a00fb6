package org.opencdp.trigger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while Kafka Streams is RUNNING: then the definitions are loaded (the global store is
 * bootstrapped before RUNNING) and the run stores are restored, so the API can answer.
 */
@Readiness
@ApplicationScoped
public class StreamsReadiness implements HealthCheck {

    @Inject
    KafkaStreams streams;

    @Override
    public HealthCheckResponse call() {
        final KafkaStreams.State state = streams.state();
        return HealthCheckResponse.named("workflow-trigger streams")
                .status(state == KafkaStreams.State.RUNNING)
                .withData("state", state.name())
                .build();
    }
}
