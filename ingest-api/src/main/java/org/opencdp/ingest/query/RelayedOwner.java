package org.opencdp.ingest.query;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PreDestroy;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

/** A service that owns routes ingest-api relays ({@link Relay}), as its settings name it. */
public abstract class RelayedOwner {

    protected final Relay relay;

    RelayedOwner(final String setting, final String baseUrl, final String owner, final Duration timeout,
                 final Duration retryAfter) {
        this.relay = new Relay(setting, baseUrl, owner, timeout, retryAfter);
    }

    /** The owner's answer to the same request (a GET, or a POST without a body), or 503 in time. */
    public CompletionStage<Response> forward(final ContainerRequestContext request) {
        return relay.forward(request);
    }

    /** The owner's answer to the same request with {@code body} (JSON), or 503 in time. */
    public CompletionStage<Response> forward(final ContainerRequestContext request, final byte[] body) {
        return relay.forward(request, body);
    }

    /** The owner's answer to the same GET, its body streamed as it arrives; blocks (a worker thread's). */
    public Response stream(final ContainerRequestContext request) {
        return relay.stream(request);
    }

    @PreDestroy
    void close() {
        relay.close();
    }
}
