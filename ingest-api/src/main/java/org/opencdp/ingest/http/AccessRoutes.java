package org.opencdp.ingest.http;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import org.opencdp.ingest.json.JsonBody;
import org.opencdp.ingest.publish.AccessPublisher;
import org.opencdp.ingest.workspace.AccessRequests;
import org.opencdp.platform.access.Directory;
import org.opencdp.platform.http.ErrorBody;

/**
 * What the operator's and the workspace admins' routes share: their errors in the bearer family's format
 * ({@code {"message","request_id"}}), their bodies read hostilely, and their writes answered once acknowledged and
 * visible on this instance (503 with Retry-After otherwise).
 */
final class AccessRoutes {

    /** The largest body these routes read: a few small fields. */
    static final int MAX_BODY = 16 * 1024;
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(5);

    private AccessRoutes() {
    }

    static Response error(final Response.Status status, final String message, final String requestId) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(message, requestId))
                .build();
    }

    /** The body's value, or a 400 naming every problem. */
    static <T> T read(final InputStream body, final Function<JsonNode, AccessRequests.Read<T>> reader,
                      final String requestId) {
        final byte[] bytes;
        try {
            bytes = body.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw new WebApplicationException(error(Response.Status.BAD_REQUEST, "unreadable body: " + e.getMessage(),
                    requestId));
        }
        if (bytes.length > MAX_BODY) {
            throw new WebApplicationException(error(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                    "the body is larger than " + MAX_BODY + " bytes", requestId));
        }
        final JsonBody.Parsed parsed = JsonBody.parse(bytes);
        if (parsed.isMalformed()) {
            throw new WebApplicationException(error(Response.Status.BAD_REQUEST,
                    "malformed JSON: " + parsed.malformed().describe(), requestId));
        }
        final AccessRequests.Read<T> read = reader.apply(parsed.json());
        return read.value().orElseThrow(() -> new WebApplicationException(
                error(Response.Status.BAD_REQUEST, String.join("; ", read.problems()), requestId)));
    }

    /** Answers {@code success} once every write is acknowledged and {@code visible} holds here. */
    static CompletionStage<Response> written(final AccessPublisher publisher, final List<CompletableFuture<Void>> writes,
                                             final Predicate<Directory> visible, final Response.ResponseBuilder success,
                                             final String requestId) {
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                .thenCompose(ignored -> publisher.visible(visible, VISIBLE_WITHIN))
                .handle((seen, failure) -> failure == null && seen ? success.type(MediaType.APPLICATION_JSON_TYPE).build()
                        : notConfirmed(requestId));
    }

    /** Once every write is acknowledged and {@code visible} holds here: true; false when not in time. */
    static CompletableFuture<Boolean> confirmed(final AccessPublisher publisher, final List<CompletableFuture<Void>> writes,
                                                final Predicate<Directory> visible) {
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                .thenCompose(ignored -> publisher.visible(visible, VISIBLE_WITHIN)).toCompletableFuture();
    }

    /** 503: Kafka did not take a write, or this instance did not see it, in time. */
    static Response notConfirmed(final String requestId) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, 1)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody("the write was not confirmed in time; retry", requestId)).build();
    }
}
