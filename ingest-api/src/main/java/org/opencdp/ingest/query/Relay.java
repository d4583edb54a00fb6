package org.opencdp.ingest.query;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.ext.RuntimeDelegate;

import org.jboss.logging.Logger;
import org.opencdp.platform.access.PresentedCredentials;
import org.opencdp.platform.http.ErrorBody;
import org.opencdp.platform.http.RequestIdFilter;
import org.opencdp.platform.trace.Tracing;
import org.opencdp.schemas.ReadAfter;
import org.opencdp.schemas.Topics;

/**
 * Relays a request without a body to the service that owns its route (the profile projector, the workflow
 * trigger): the same method, raw path and query, with the caller's credentials (the owner authenticates and
 * authorises the caller itself) and this request's id. The owner's status, body and end-to-end headers come back
 * as they are. Nothing waits on a thread: the JDK client sends asynchronously, every wait is bounded by
 * {@code timeout}, and an owner that cannot answer in time is a 503 with {@code Retry-After}.
 */
final class Relay implements AutoCloseable {

    /**
     * The request headers the owner needs: credentials, the wanted media type, the write a read waits for
     * ({@code X-Consistency-Token}); the request id is passed besides.
     */
    static final List<String> PASSED_HEADERS =
            Stream.concat(PresentedCredentials.HEADERS.stream(), Stream.of("Accept", ReadAfter.HEADER)).toList();

    /**
     * Hop-by-hop headers (RFC 9110 section 7.6.1) and the ones this server sets itself: the body's length and
     * the request id the platform answers (the same id, passed on).
     */
    private static final Set<String> NOT_RELAYED = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "content-length",
            "x-request-id");

    private static final Logger LOG = Logger.getLogger(Relay.class);

    private final String baseUrl;
    private final String owner;
    private final Duration timeout;
    private final long retryAfterSeconds;
    private final HttpClient http;

    /**
     * @param setting the configuration key of {@code baseUrl}, named when it is not an http(s) URL
     * @param owner   the owning service as a 503 names it ("profile service")
     */
    Relay(final String setting, final String baseUrl, final String owner, final Duration timeout,
          final Duration retryAfter) {
        final URI base = URI.create(baseUrl);
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme()) || base.getHost() == null) {
            throw new IllegalArgumentException(setting + " must be an http(s) URL, not '" + baseUrl + "'");
        }
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.owner = owner;
        this.timeout = timeout;
        this.retryAfterSeconds = Math.max(1, retryAfter.toSeconds());
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
        // Answers are built on the HTTP client's threads, whose context class loader is not the application's: the
        // JAX-RS runtime is looked up here, on an application thread, so that it is found (and kept) before them.
        RuntimeDelegate.getInstance();
    }

    /** The owner's answer to the same request (its method, path and query; no body), or 503 in time. */
    CompletionStage<Response> forward(final ContainerRequestContext request) {
        return forward(request, null);
    }

    /**
     * As {@link #forward(ContainerRequestContext)}, with {@code body} (a definition a route of the owner validates
     * and stores) passed on as {@code application/json}; none when null.
     */
    CompletionStage<Response> forward(final ContainerRequestContext request, final byte[] body) {
        final String requestId = RequestIdFilter.requestId(request);
        final String traceParent = Tracing.currentTraceParent().orElse(null);
        final HttpRequest forwarded = same(request, requestId, traceParent, body);
        return http.sendAsync(forwarded, HttpResponse.BodyHandlers.ofByteArray())
                .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .handle((answer, failure) -> failure == null ? relay(answer)
                        : unavailable(requestId, traceParent, forwarded.method() + " " + forwarded.uri(), failure));
    }

    /**
     * As {@link #forward}, its body passed on as it arrives instead of held whole (an export of every profile):
     * the owner's status and headers within the timeout, then its body for as long as it streams. Blocks: for a
     * worker thread, which then also writes the body.
     */
    Response stream(final ContainerRequestContext request) {
        final String requestId = RequestIdFilter.requestId(request);
        final String traceParent = Tracing.currentTraceParent().orElse(null);
        final HttpRequest forwarded = same(request, requestId, traceParent, null);
        final HttpResponse<InputStream> answer;
        try {
            answer = http.sendAsync(forwarded, HttpResponse.BodyHandlers.ofInputStream())
                    .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).join();
        } catch (CompletionException | CancellationException e) {
            return unavailable(requestId, traceParent, forwarded.method() + " " + forwarded.uri(), e);
        }
        final Response.ResponseBuilder response = Response.status(answer.statusCode());
        answer.headers().map().forEach((name, values) -> {
            if (!NOT_RELAYED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> response.header(name, value));
            }
        });
        final StreamingOutput body = output -> {
            try (InputStream in = answer.body()) {
                in.transferTo(output);
            }
        };
        return response.entity(body).build();
    }

    /** The request as it arrived (method, path and query; {@code body} if any), to the owner, with the caller's credentials. */
    private HttpRequest same(final ContainerRequestContext request, final String requestId, final String traceParent,
                             final byte[] body) {
        final String method = request.getMethod();
        final URI asked = request.getUriInfo().getRequestUri();
        final String target = baseUrl + asked.getRawPath() + (asked.getRawQuery() == null ? "" : "?" + asked.getRawQuery());
        // The path and query arrive encoded and valid, and the base is checked at start: this cannot fail.
        final HttpRequest.Builder forwarded = HttpRequest.newBuilder(URI.create(target)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .header(RequestIdFilter.HEADER, requestId);
        if (body != null) {
            forwarded.header("Content-Type", MediaType.APPLICATION_JSON);
        }
        for (final String name : PASSED_HEADERS) {
            final String value = request.getHeaderString(name);
            if (value != null) {
                forwarded.header(name, value);
            }
        }
        // The owner's spans join this request's trace.
        if (traceParent != null) {
            forwarded.header(Topics.TRACE_PARENT_HEADER, traceParent);
        }
        return forwarded.build();
    }

    /**
     * Asks the owner for {@code pathAndQuery} (encoded) on the caller's behalf (its credentials passed on);
     * completes exceptionally when the owner does not answer in time.
     */
    CompletionStage<HttpResponse<byte[]>> fetch(final String pathAndQuery, final ContainerRequestContext request) {
        return fetch(pathAndQuery, Asker.of(request));
    }

    /**
     * Who asks, read off the request on its own thread (the request context is not active on the threads that
     * complete a publication), for asking the owner later.
     */
    record Asker(String requestId, Map<String, String> headers) {

        static Asker of(final ContainerRequestContext request) {
            final Map<String, String> headers = new LinkedHashMap<>();
            for (final String name : PASSED_HEADERS) {
                final String value = request.getHeaderString(name);
                if (value != null && !"Accept".equals(name)) {
                    headers.put(name, value);
                }
            }
            return new Asker(RequestIdFilter.requestId(request), Map.copyOf(headers));
        }
    }

    /** As {@link #fetch(String, ContainerRequestContext)}, for the asker read off the request before. */
    CompletionStage<HttpResponse<byte[]>> fetch(final String pathAndQuery, final Asker asker) {
        final HttpRequest.Builder asked = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(timeout).GET()
                .header(RequestIdFilter.HEADER, asker.requestId());
        asker.headers().forEach(asked::header);
        return http.sendAsync(asked.build(), HttpResponse.BodyHandlers.ofByteArray())
                .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** 503 with Retry-After: the owner did not answer in time. */
    Response unavailable(final String requestId, final Throwable failure) {
        return unavailable(requestId, null, baseUrl, failure);
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

    private Response unavailable(final String requestId, final String traceParent, final String target,
                                 final Throwable failure) {
        final Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        // Written on the HTTP client's thread: the request is named in the log context as on its own lines.
        try (Tracing.LogScope logged = Tracing.logContext(requestId, traceParent)) {
            LOG.warnf("Request %s answered 503: %s failed: %s", requestId, target, describe(cause));
        }
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .header(jakarta.ws.rs.core.HttpHeaders.RETRY_AFTER, retryAfterSeconds)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody("The " + owner + " did not answer in time. Retry after "
                        + retryAfterSeconds + " s.", requestId))
                .build();
    }

    private static String describe(final Throwable cause) {
        return cause instanceof IOException && cause.getMessage() == null
                ? cause.getClass().getSimpleName() : cause.toString();
    }

    @Override
    public void close() {
        http.close();
    }
}
