package org.opencdp.ingest.query;

import java.time.Duration;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Relays the workflow reads and the retry of a parked webhook delivery to the workflow trigger, which owns them,
 * so that the console (served by this service) reaches them from its own origin ({@link Relay}: same method, path
 * and query, the caller's credentials, bounded by {@code cdp.ingest.trigger-timeout}, else 503 with
 * {@code Retry-After}).
 */
@Singleton
public class TriggerQueries extends RelayedOwner {

    @Inject
    public TriggerQueries(@ConfigProperty(name = "cdp.ingest.trigger-url") final String baseUrl,
                          @ConfigProperty(name = "cdp.ingest.trigger-timeout") final Duration timeout,
                          @ConfigProperty(name = "cdp.ingest.trigger-retry-after") final Duration retryAfter) {
        super("cdp.ingest.trigger-url", baseUrl, "workflow service", timeout, retryAfter);
    }
}
