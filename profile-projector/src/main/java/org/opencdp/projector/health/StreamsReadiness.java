package org.opencdp.projector.health;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.Readiness;
import org.opencdp.platform.streams.TransientFailureRecovery;

/** The platform's Streams readiness for the projector: when ready, the profile store is restored and queries can be answered. */
@Readiness
@Singleton
public class StreamsReadiness extends org.opencdp.platform.health.StreamsReadiness {

    @Inject
    StreamsReadiness(final KafkaStreams streams, final TransientFailureRecovery recovery) {
        super("profile-projector-streams", streams, recovery);
    }
}
