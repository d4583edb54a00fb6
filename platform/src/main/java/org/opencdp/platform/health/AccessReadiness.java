package org.opencdp.platform.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.opencdp.platform.access.AccessControl;
import org.opencdp.platform.access.AccessProducer;
import org.opencdp.platform.access.AccessSettings;
import org.opencdp.platform.access.Directory;
import org.opencdp.schemas.Topics;

/**
 * Ready once this instance has read the workspaces and credentials topics to their end (so it refuses no credential
 * that exists), and, when a workspace is configured ({@code CDP_WORKSPACE_SECRET} set: the dev stack's demo
 * workspace), once they hold it: ingest-api provisions it at start, the other services learn it from the topics
 * (unless they admit it from configuration meanwhile, {@link AccessProducer#FALLBACK}). A service with that fallback
 * is also ready while the topics cannot be read (a schema registry outage at its start): it then admits the configured
 * workspace only.
 */
@Readiness
@ApplicationScoped
public class AccessReadiness implements HealthCheck {

    private final AccessControl access;
    private final AccessSettings settings;
    private final boolean fallback;

    @Inject
    public AccessReadiness(final AccessControl access, final AccessSettings settings,
                           @ConfigProperty(name = AccessProducer.FALLBACK, defaultValue = "false") final boolean fallback) {
        this.access = access;
        this.settings = settings;
        this.fallback = fallback;
    }

    @Override
    public HealthCheckResponse call() {
        final Directory.Status status = access.directory().status();
        final boolean configured = settings.secret().filter(s -> !s.isBlank()).isPresent();
        final boolean known = !configured || fallback || access.directory().workspace(settings.id()).isPresent();
        // With the fallback (ingest-api), the configured workspace is served from configuration until the topics
        // can be read, e.g. when ingest-api restarts while the schema registry is away: every other credential is
        // refused meanwhile (fail closed), so being ready reveals or admits nothing the topics would not.
        final boolean servesConfigured = fallback && configured && !status.ready();
        final String detail = !known
                ? status.detail() + "; workspace " + settings.id() + " is not provisioned yet"
                : servesConfigured
                        ? status.detail() + "; admitting the configured workspace " + settings.id()
                                + " from configuration meanwhile"
                        : status.detail();
        return HealthCheckResponse.named("workspaces-and-credentials")
                .status((status.ready() || servesConfigured) && known)
                .withData("topics", Topics.WORKSPACES.name() + ", " + Topics.CREDENTIALS.name())
                .withData("detail", detail)
                .build();
    }
}
