package org.opencdp.trigger.health;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.Readiness;
import org.opencdp.platform.streams.TransientFailureRecovery;

/**
 * The platform's Streams readiness for workflow-trigger: when ready, the definitions are loaded (the global
 * store is bootstrapped before RUNNING) and the run stores are restored, so the API can answer.
 */
@Readiness
@Singleton
public class StreamsReadiness extends org.opencdp.platform.health.StreamsReadiness {

    @Inject
    StreamsReadiness(final KafkaStreams streams, final TransientFailureRecovery recovery) {
        super("workflow-trigger streams", streams, recovery);
    }
}
