package org.opencdp.ingest.query;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.opencdp.ingest.catalog.PropertyDefinition;
import org.opencdp.ingest.query.ProjectorQueries.CatalogProperty;

/**
 * Catalog administration answers once its change is visible: after Kafka acknowledged a {@code PUT} or
 * {@code DELETE /properties/{name}}, the projector's {@code GET /properties} (asked with the caller's credentials)
 * is read again until it shows the change, up to {@code cdp.ingest.catalog-wait}: 200 once visible, else 202 with
 * the same body (the change is durable in the catalog log and shows later; under load the projector may take longer
 * than the wait to apply it, which is no failure of the write). Nothing waits on
 * a thread: each look is the relay's asynchronous request, each pause a delayed executor.
 */
@Singleton
public class CatalogVisibility {

    private static final Logger LOG = Logger.getLogger(CatalogVisibility.class);
    private static final ObjectMapper BODIES = new ObjectMapper();
    private static final int ACCEPTED = Response.Status.ACCEPTED.getStatusCode();

    private final ProjectorQueries projector;
    private final Duration wait;
    private final Duration poll;

    @Inject
    public CatalogVisibility(final ProjectorQueries projector,
                             @ConfigProperty(name = "cdp.ingest.catalog-wait", defaultValue = "5s") final Duration wait,
                             @ConfigProperty(name = "cdp.ingest.catalog-poll", defaultValue = "25ms") final Duration poll) {
        this.projector = projector;
        this.wait = wait;
        this.poll = poll;
    }

    /** Whether the catalog shows {@code definition}: the property with its type and enum values. */
    public static Predicate<List<CatalogProperty>> defines(final PropertyDefinition definition) {
        return catalog -> catalog.stream().anyMatch(property -> property.name().equals(definition.name())
                && property.type().equals(definition.type())
                && property.enumValues().equals(definition.enumValues()));
    }

    /** Whether the catalog no longer lists {@code name}. */
    public static Predicate<List<CatalogProperty>> lacks(final String name) {
        return catalog -> catalog.stream().noneMatch(property -> property.name().equals(name));
    }

    /**
     * {@code answer} once the catalog is {@code visible}; a 2xx answer waits for it, any other answer (a refusal,
     * a 503 of the command log) comes back at once. A wait of zero turns this off: the answer comes once the
     * catalog log has the change.
     */
    public CompletionStage<Response> once(final CompletionStage<Response> answer, final ContainerRequestContext request,
                                          final String requestId, final Predicate<List<CatalogProperty>> visible) {
        // Read now: the request context is not active on the producer's thread that completes the publication.
        if (wait.isZero()) {
            return answer;
        }
        final Relay.Asker asker = ProjectorQueries.asker(request);
        return answer.thenCompose(written -> written.getStatus() / 100 != 2
                ? CompletableFuture.completedFuture(written)
                : await(asker, visible, System.nanoTime() + wait.toNanos())
                        .thenApply(seen -> rendered(written, seen ? written.getStatus() : ACCEPTED, requestId)));
    }

    private CompletionStage<Boolean> await(final Relay.Asker asker,
                                           final Predicate<List<CatalogProperty>> visible, final long deadline) {
        return projector.catalog(asker)
                .handle((catalog, failure) -> {
                    if (failure != null) {
                        LOG.debugf("The projector did not answer the catalog: %s", failure.toString());
                    }
                    return failure == null && catalog.map(visible::test).orElse(false);
                })
                .thenCompose(seen -> {
                    final long left = deadline - System.nanoTime();
                    if (seen || left <= 0) {
                        return CompletableFuture.completedFuture(seen);
                    }
                    final Executor later = CompletableFuture.delayedExecutor(
                            Math.min(poll.toNanos(), left), TimeUnit.NANOSECONDS);
                    return CompletableFuture.supplyAsync(() -> deadline, later)
                            .thenCompose(same -> await(asker, visible, deadline));
                });
    }

    /**
     * {@code written} with {@code status} (202: in the catalog log, not yet shown by {@code GET /properties}), its
     * body rendered here: the answer completes on a client's or a timer's thread, where the server's JSON writer
     * cannot create its object mapper (Quarkus' CDI; seen as a 500 in PropertiesRouteIT), so it gets text.
     */
    private static Response rendered(final Response written, final int status, final String requestId) {
        if (status == ACCEPTED) {
            LOG.debugf("Request %s: the catalog change was not visible within the wait; answering 202", requestId);
        }
        final Response.ResponseBuilder answer = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE);
        written.getStringHeaders().forEach((name, values) -> {
            if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
                values.forEach(value -> answer.header(name, value));
            }
        });
        try {
            return answer.entity(BODIES.writeValueAsString(written.getEntity())).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A catalog answer that is not JSON: " + written.getEntity(), e);
        }
    }
}
