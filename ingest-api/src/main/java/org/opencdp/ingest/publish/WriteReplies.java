package org.opencdp.ingest.publish;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.opencdp.platform.http.ErrorBody;
import org.opencdp.platform.trace.Tracing;
import org.opencdp.schemas.ConsistencyToken;

/**
 * Turns a publish into the HTTP answer of a write: the route's success answer, with
 * {@code X-Consistency-Token}, once every command is acknowledged; else 503 with {@code Retry-After}.
 */
@ApplicationScoped
public class WriteReplies {

    public static final String CONSISTENCY_TOKEN = "X-Consistency-Token";

    private static final Logger LOG = Logger.getLogger(WriteReplies.class);

    private final long retryAfterSeconds;

    @Inject
    public WriteReplies(final PublishSettings settings) {
        this.retryAfterSeconds = Math.max(1, settings.retryAfter().toSeconds());
    }

    /** A customer write: the success answer carries the positions written in {@code X-Consistency-Token}. */
    public CompletionStage<Response> afterPublishing(final CompletionStage<ConsistencyToken> published,
                                                     final String requestId,
                                                     final Supplier<Response.ResponseBuilder> success) {
        return published.handle((token, failure) -> failure == null
                ? success.get().header(CONSISTENCY_TOKEN, token.format()).build()
                : unavailable(requestId, failure));
    }

    /** A write of identity-routed requests: the token names identity-commands positions ({@link IdentityPublisher}). */
    public CompletionStage<Response> afterIdentifying(final CompletionStage<String> published, final String requestId,
                                                      final Supplier<Response.ResponseBuilder> success) {
        return published.handle((token, failure) -> failure == null
                ? success.get().header(CONSISTENCY_TOKEN, token).build()
                : unavailable(requestId, failure));
    }

    /**
     * A write to another log than {@code customer-commands} (the catalog): the same answers, without a
     * consistency token, which names {@code customer-commands} positions only.
     */
    public CompletionStage<Response> afterAcknowledged(final CompletionStage<?> published, final String requestId,
                                                       final Supplier<Response.ResponseBuilder> success) {
        return published.handle((ignored, failure) -> failure == null
                ? success.get().build()
                : unavailable(requestId, failure));
    }

    private Response unavailable(final String requestId, final Throwable failure) {
        // One line per refused request (an outage would otherwise flood the log with stack traces), written on
        // the producer's thread: the request is named in the log context as on the request's own lines.
        try (Tracing.LogScope logged = Tracing.logContext(requestId, (String) null)) {
            LOG.warnf("Request %s answered 503: %s", requestId, causes(failure));
        }
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody("The command log did not accept the write in time; nothing was "
                        + "acknowledged. Retry after " + retryAfterSeconds + " s.", requestId))
                .build();
    }

    private static String causes(final Throwable failure) {
        final StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (!(t instanceof CompletionException)) {
                text.append(text.isEmpty() ? "" : " <- ").append(t);
            }
        }
        return text.toString();
    }
}
