package org.opencdp.ingest.http;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.smallrye.common.annotation.Blocking;

import org.apache.kafka.common.KafkaException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.opencdp.ingest.access.AuthFailure;
import org.opencdp.ingest.access.Gate;
import org.opencdp.ingest.deadletter.DeadLetter;
import org.opencdp.ingest.query.DeadLetterLog;
import org.opencdp.platform.access.Caller;
import org.opencdp.platform.http.ErrorBody;
import org.opencdp.platform.http.RequestIdFilter;
import org.opencdp.schemas.Topics;

/**
 * {@code GET /dead-letters?topic=&limit=} (workspace admin): the newest records of the dead-letter topics whose
 * key names the caller's workspace, with their reason and headers, key, value and header values shown as text or
 * base64, bounded (docs/console.md). Read-only.
 */
@Path("/dead-letters")
@Tag(name = "Dead letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLettersResource {

    static final int DEFAULT_LIMIT = 50;
    private static final Logger LOG = Logger.getLogger(DeadLettersResource.class);

    /** The answer: the topics read, the records newest first, whether every partition was read in time. */
    public record Listing(List<String> topics, List<DeadLetter> records, boolean complete,
                          @JsonProperty("scanned_per_partition") int scannedPerPartition) {
    }

    private final Gate gate;
    private final DeadLetterLog log;
    private final int maxLimit;
    private final int scanPerPartition;
    private final long retryAfterSeconds;

    @Inject
    public DeadLettersResource(final Gate gate, final DeadLetterLog log,
                               @ConfigProperty(name = "cdp.ingest.dead-letters.max-limit") final int maxLimit,
                               @ConfigProperty(name = "cdp.ingest.dead-letters.scan-per-partition") final int scanPerPartition,
                               @ConfigProperty(name = "cdp.ingest.publish.retry-after") final Duration retryAfter) {
        this.gate = gate;
        this.log = log;
        this.maxLimit = maxLimit;
        this.scanPerPartition = scanPerPartition;
        this.retryAfterSeconds = Math.max(1, retryAfter.toSeconds());
    }

    /** Blocking: reads the topics with a consumer, bounded by {@code cdp.ingest.dead-letters.timeout}. */
    @GET
    @Blocking
    @Operation(summary = "The newest dead letters of the caller's workspace",
            description = "Workspace admin. ?topic= one dead-letter topic (else all of them), ?limit= 1 to the "
                    + "configured maximum (default 50). Newest first.")
    @APIResponse(responseCode = "200", description = "{\"topics\",\"records\":[…],\"complete\",\"scanned_per_partition\"}")
    @APIResponse(responseCode = "400", description = "An unknown topic or a limit out of range")
    @APIResponse(responseCode = "401", description = "{\"message\":\"unauthorized\"}")
    @APIResponse(responseCode = "403", description = "Not a workspace admin credential")
    @APIResponse(responseCode = "503", description = "The broker did not answer in time; see Retry-After")
    public Response list(@QueryParam("topic") final String topic, @QueryParam("limit") final String limit,
                         @Context final HttpHeaders headers, @Context final ContainerRequestContext request) {
        final Caller caller = gate.admitAdmin(headers, AuthFailure.BEARER);
        final String requestId = RequestIdFilter.requestId(request);
        if (topic != null && !Topics.DEAD_LETTER_NAMES.contains(topic)) {
            return badRequest("topic must be one of " + Topics.DEAD_LETTER_NAMES, requestId);
        }
        final int count;
        try {
            count = limit == null ? DEFAULT_LIMIT : Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            return badRequest("limit must be an integer from 1 to " + maxLimit, requestId);
        }
        if (count < 1 || count > maxLimit) {
            return badRequest("limit must be an integer from 1 to " + maxLimit, requestId);
        }
        final List<String> topics = topic == null ? Topics.DEAD_LETTER_NAMES : List.of(topic);
        try {
            final DeadLetterLog.Listing listing = log.newest(caller.workspaceId(), topics, count);
            return Response.ok(new Listing(topics, listing.records(), listing.complete(), scanPerPartition)).build();
        } catch (KafkaException e) {
            LOG.warnf("Request %s answered 503: the dead-letter topics could not be read: %s", requestId, e.toString());
            return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorBody("Kafka did not answer in time. Retry after " + retryAfterSeconds + " s.",
                            requestId)).build();
        }
    }

    private static Response badRequest(final String message, final String requestId) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(message, requestId)).build();
    }
}
