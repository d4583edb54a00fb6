package org.opencdp.ingest.query;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Serves the reads a seed puts on the write host ({@code GET /customers/{id}}, {@code GET /properties}) and the
 * console's undo of a merge by asking the profile projector, which owns them ({@link Relay}: same path and query,
 * the caller's credentials, bounded by {@code cdp.ingest.projector-timeout}, else 503 with {@code Retry-After}).
 */
@Singleton
public class ProjectorQueries extends RelayedOwner {

    private static final Logger LOG = Logger.getLogger(ProjectorQueries.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    public ProjectorQueries(@ConfigProperty(name = "cdp.ingest.projector-url") final String baseUrl,
                            @ConfigProperty(name = "cdp.ingest.projector-timeout") final Duration timeout,
                            @ConfigProperty(name = "cdp.ingest.projector-retry-after") final Duration retryAfter) {
        super("cdp.ingest.projector-url", baseUrl, "profile service", timeout, retryAfter);
    }

    /** The projector's answer to a GET of {@code pathAndQuery} (encoded) with the caller's credentials. */
    public record Fetched(int status, byte[] body) {
    }

    /**
     * Asks the projector for {@code pathAndQuery} on the caller's behalf (its credentials passed on); completes
     * exceptionally when the projector does not answer in time.
     */
    public CompletionStage<Fetched> fetch(final String pathAndQuery, final ContainerRequestContext request) {
        return relay.fetch(pathAndQuery, request).thenApply(answer -> new Fetched(answer.statusCode(), answer.body()));
    }

    /** A property of the workspace's catalog as the projector's {@code GET /properties} lists it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CatalogProperty(String name, String type, @JsonProperty("enum_values") List<String> enumValues) {

        public CatalogProperty {
            name = name == null ? "" : name;
            type = type == null ? "" : type;
            enumValues = enumValues == null ? List.of() : enumValues.stream().map(String::valueOf).toList();
        }
    }

    /** The projector's {@code GET /properties} answer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Catalog(List<CatalogProperty> properties) {
    }

    /**
     * The caller's workspace's catalog, asked on the caller's behalf; empty when the projector did not answer
     * it (another status, or a body that is not a catalog); completes exceptionally when it did not answer in time.
     */
    public CompletionStage<Optional<List<CatalogProperty>>> catalog(final ContainerRequestContext request) {
        return fetch("/properties", request).thenApply(ProjectorQueries::catalogOf);
    }

    /** As {@link #catalog(ContainerRequestContext)}, for a caller read off its request before ({@link #asker}). */
    CompletionStage<Optional<List<CatalogProperty>>> catalog(final Relay.Asker asker) {
        return relay.fetch("/properties", asker)
                .thenApply(answer -> catalogOf(new Fetched(answer.statusCode(), answer.body())));
    }

    /** Who asks, read off {@code request} on its own thread, to ask the projector later on another. */
    static Relay.Asker asker(final ContainerRequestContext request) {
        return Relay.Asker.of(request);
    }

    static Optional<List<CatalogProperty>> catalogOf(final Fetched answer) {
        if (answer.status() != 200) {
            return Optional.empty();
        }
        try {
            final Catalog catalog = JSON.readValue(answer.body(), Catalog.class);
            return Optional.of(catalog.properties() == null ? List.of() : catalog.properties());
        } catch (IOException e) {
            LOG.warnf("The projector answered a catalog that is not one: %s", e.toString());
            return Optional.empty();
        }
    }

    /** The attribute values of a profile the projector answered ({@code GET /customers?…}), by name. */
    public static SortedMap<String, Object> attributeValues(final byte[] profile) {
        try {
            final SortedMap<String, Object> sorted = new TreeMap<>();
            final JsonNode attributes = JSON.readTree(profile).path("attributes");
            for (final Iterator<Map.Entry<String, JsonNode>> fields = attributes.fields(); fields.hasNext(); ) {
                final Map.Entry<String, JsonNode> field = fields.next();
                sorted.put(field.getKey(), JSON.treeToValue(field.getValue().path("value"), Object.class));
            }
            return sorted;
        } catch (IOException e) {
            throw new IllegalStateException("The projector answered a profile that is not JSON", e);
        }
    }

    /** 503 with Retry-After: the projector did not answer a question a write needed answered. */
    public Response unavailable(final String requestId, final Throwable failure) {
        return relay.unavailable(requestId, failure);
    }
}
