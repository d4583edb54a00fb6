package org.opencdp.ingest.query;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.opencdp.platform.http.ErrorBody;
import org.opencdp.platform.access.PresentedCredentials;
import org.opencdp.platform.http.RequestIdFilter;

/**
 * Serves the reads a seed puts on the write host ({@code GET /customers/{id}}, {@code GET /properties}) by
 * asking the profile projector, which owns them: the same path and query string, with the caller's
 * credentials (the projector authenticates and authorises the caller itself) and this request's id. Its
 * status, body and end-to-end headers are relayed as they are. Nothing waits on a thread: the JDK client
 * sends asynchronously, every wait is bounded by {@code cdp.ingest.projector-timeout}, and a projector that
 * cannot answer in time is a 503 with {@code Retry-After}.
 */
@ApplicationScoped
public class ProjectorQueries {

    /** The request headers the projector needs: credentials, the wanted media type, the request id. */
    static final List<String> PASSED_HEADERS =
            Stream.concat(PresentedCredentials.HEADERS.stream(), Stream.of("Accept")).toList();

    /**
     * Hop-by-hop headers (RFC 9110 section 7.6.1) and the ones this server sets itself: the body's length and
     * the request id the platform answers (the same id, passed on).
     */
    private static final Set<String> NOT_RELAYED = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "content-length",
            "x-request-id");

    private static final Logger LOG = Logger.getLogger(ProjectorQueries.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final Duration timeout;
    private final long retryAfterSeconds;
    private final HttpClient http;

    @Inject
    public ProjectorQueries(@ConfigProperty(name = "cdp.ingest.projector-url") final String baseUrl,
                            @ConfigProperty(name = "cdp.ingest.projector-timeout") final Duration timeout,
                            @ConfigProperty(name = "cdp.ingest.projector-retry-after") final Duration retryAfter) {
        final URI base = URI.create(baseUrl);
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme()) || base.getHost() == null) {
            throw new IllegalArgumentException("cdp.ingest.projector-url must be an http(s) URL, not '" + baseUrl + "'");
        }
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.retryAfterSeconds = Math.max(1, retryAfter.toSeconds());
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The projector's answer to the same GET, or 503 when it cannot give one in time. */
    public CompletionStage<Response> forward(final ContainerRequestContext request) {
        final String requestId = RequestIdFilter.requestId(request);
        final URI asked = request.getUriInfo().getRequestUri();
        final String target = baseUrl + asked.getRawPath() + (asked.getRawQuery() == null ? "" : "?" + asked.getRawQuery());
        // The path and query arrive encoded and valid, and the base is checked at start: this cannot fail.
        final HttpRequest.Builder forwarded = HttpRequest.newBuilder(URI.create(target)).timeout(timeout).GET()
                .header(RequestIdFilter.HEADER, requestId);
        for (final String name : PASSED_HEADERS) {
            final String value = request.getHeaderString(name);
            if (value != null) {
                forwarded.header(name, value);
            }
        }
        return http.sendAsync(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray())
                .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .handle((answer, failure) -> failure == null ? relay(answer) : unavailable(requestId, target, failure));
    }

    /** The projector's answer to a GET of {@code pathAndQuery} (encoded) with the caller's credentials. */
    public record Fetched(int status, byte[] body) {
    }

    /**
     * Asks the projector for {@code pathAndQuery} on the caller's behalf (its credentials passed on); completes
     * exceptionally when the projector does not answer in time.
     */
    public CompletionStage<Fetched> fetch(final String pathAndQuery, final ContainerRequestContext request) {
        final HttpRequest.Builder asked = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(timeout).GET()
                .header(RequestIdFilter.HEADER, RequestIdFilter.requestId(request));
        for (final String name : PASSED_HEADERS) {
            final String value = request.getHeaderString(name);
            if (value != null && !"Accept".equals(name)) {
                asked.header(name, value);
            }
        }
        return http.sendAsync(asked.build(), HttpResponse.BodyHandlers.ofByteArray())
                .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .thenApply(answer -> new Fetched(answer.statusCode(), answer.body()));
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
        return unavailable(requestId, baseUrl, failure);
    }

    private static Response relay(final HttpResponse<byte[]> answer) {
        final Response.ResponseBuilder response = Response.status(answer.statusCode());
        final HttpHeaders headers = answer.headers();
        headers.map().forEach((name, values) -> {
            if (!NOT_RELAYED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> response.header(name, value));
            }
        });
        if (answer.body().length > 0) {
            response.entity(answer.body());
        }
        return response.build();
    }

    private Response unavailable(final String requestId, final String target, final Throwable failure) {
        final Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        LOG.warnf("Request %s answered 503: GET %s failed: %s", requestId, target, describe(cause));
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .header(jakarta.ws.rs.core.HttpHeaders.RETRY_AFTER, retryAfterSeconds)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody("The profile service did not answer in time. Retry after "
                        + retryAfterSeconds + " s.", requestId))
                .build();
    }

    private static String describe(final Throwable cause) {
        return cause instanceof IOException && cause.getMessage() == null
                ? cause.getClass().getSimpleName() : cause.toString();
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
