package org.opencdp.platform.health;

import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.Startup;

import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.opencdp.platform.streams.StreamsEdge;
import org.opencdp.platform.streams.TransientFailureRecovery;

/**
 * Ready only while Kafka Streams is RUNNING and no transient failure (the schema registry or the broker
 * out of reach) is holding processing back: then the stores are restored (global stores are bootstrapped
 * before RUNNING) and queries can be answered. Quarkus' own checks add liveness on the Streams state and
 * readiness on the topics.
 * <p>
 * A bean only in the Streams services ({@value StreamsEdge#ENABLED}; platform is on ingest-api's class path too,
 * which has no Streams); each names its check with {@value #NAME}.
 * <p>
 * The same verdict is the gauge {@value #GAUGE} ({@code cdp_streams_ready} on {@code /q/metrics}: 1 ready, 0 not),
 * for alerts: created at startup, so a service that never becomes ready shows 0 rather than no series.
 */
@Readiness
@Singleton
@Startup
@IfBuildProperty(name = StreamsEdge.ENABLED, stringValue = "true")
public class StreamsReadiness implements HealthCheck {

    /** The name of the check in /q/health/ready, one per service. */
    public static final String NAME = "cdp.streams.readiness-check";
    /** The gauge of the check's verdict. */
    public static final String GAUGE = "cdp.streams.ready";

    private final String name;
    private final KafkaStreams streams;
    private final TransientFailureRecovery recovery;

    @Inject
    StreamsReadiness(@ConfigProperty(name = NAME) final String name, final KafkaStreams streams,
                     final TransientFailureRecovery recovery, final MeterRegistry meters) {
        this.name = name;
        this.streams = streams;
        this.recovery = recovery;
        Gauge.builder(GAUGE, this, check -> check.ready() ? 1 : 0)
                .description("1 while Kafka Streams is RUNNING and no transient failure holds processing back, else 0")
                .strongReference(true)
                .register(meters);
    }

    private boolean ready() {
        return streams.state() == KafkaStreams.State.RUNNING && recovery.unavailability().isEmpty();
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
