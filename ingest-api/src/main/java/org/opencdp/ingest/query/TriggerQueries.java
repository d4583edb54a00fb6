package org.opencdp.ingest.query;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Relays the workflow reads and the retry of a parked webhook delivery to the workflow trigger, which owns them,
 * so that the console (served by this service) reaches them from its own origin ({@link Relay}: same method, path
 * and query, the caller's credentials, bounded by {@code cdp.ingest.trigger-timeout}, else 503 with
 * {@code Retry-After}).
 */
@ApplicationScoped
public class TriggerQueries {

    private final Relay relay;

    @Inject
    public TriggerQueries(@ConfigProperty(name = "cdp.ingest.trigger-url") final String baseUrl,
                          @ConfigProperty(name = "cdp.ingest.trigger-timeout") final Duration timeout,
                          @ConfigProperty(name = "cdp.ingest.trigger-retry-after") final Duration retryAfter) {
        this.relay = new Relay("cdp.ingest.trigger-url", baseUrl, "workflow service", timeout, retryAfter);
    }

    /** The trigger's answer to the same request (a GET, or a POST without a body), or 503 in time. */
    public CompletionStage<Response> forward(final ContainerRequestContext request) {
        return relay.forward(request);
    }

    @PreDestroy
    void close() {
        relay.close();
    }
}
