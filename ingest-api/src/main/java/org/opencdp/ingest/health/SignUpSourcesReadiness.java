package org.opencdp.ingest.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.opencdp.ingest.publish.SignUpSources;
import org.opencdp.platform.kafka.CompactedTopicFollower;
import org.opencdp.schemas.Topics;

/**
 * Ready once this instance holds every sign-up source the topic had when its follower (re)started: before
 * that, an opt-in could be checked against sources it has not read yet.
 */
@Readiness
@ApplicationScoped
public class SignUpSourcesReadiness implements HealthCheck {

    private final SignUpSources sources;

    @Inject
    public SignUpSourcesReadiness(final SignUpSources sources) {
        this.sources = sources;
    }

    @Override
    public HealthCheckResponse call() {
        final CompactedTopicFollower.Readiness readiness = sources.readiness();
        return HealthCheckResponse.named("sign-up-sources").status(readiness.ready())
                .withData("topic", Topics.SIGN_UP_SOURCES.name())
                .withData("detail", readiness.detail())
                .build();
    }
}
