package org.opencdp.ingest.http;

import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.common.annotation.NonBlocking;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencdp.avro.ApiFamily;
import org.opencdp.ingest.retently.SubscriberBatchReader;
import org.opencdp.ingest.retently.SubscriberCommands;
import org.opencdp.schemas.values.Limits;
import org.opencdp.platform.access.Scope;

/**
 * Retently {@code POST /api/v2/customers} and {@code POST /api/v2/survey}: one upsert per subscriber and, for a
 * survey, its {@value SubscriberCommands#SURVEY_EVENT} event ({@link SubscriberCommands}). Both called on the
 * event loop, and written there or on a worker thread, as {@code POST /customers} is.
 */
@Path("/api/v2")
@Tag(name = "Retently")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class RetentlyResource {

    private static final CommandWrites.Route CUSTOMERS_ROUTE =
            CommandWrites.Route.of(ApiFamily.RETENTLY, "POST /api/v2/customers", Scope.CUSTOMERS_WRITE);
    private static final CommandWrites.Route SURVEY_ROUTE = CommandWrites.Route.of(ApiFamily.RETENTLY,
            "POST /api/v2/survey", Scope.CUSTOMERS_WRITE, Scope.EVENTS_WRITE);
    private static final String ACCEPTED = "{\"message\":\"Accepted N subscribers\"}; "
            + "X-Consistency-Token names the positions written";

    private final CommandWrites writes;
    private final SubscriberBatchReader reader = new SubscriberBatchReader(Limits.DEFAULTS);

    @Inject
    public RetentlyResource(final CommandWrites writes) {
        this.writes = writes;
    }

    @POST
    @Path("customers")
    @Operation(summary = "Create or update subscribers",
            description = "Upserts 1 to 10,000 subscribers by email, with their properties.")
    @RequestBody(required = true, description = "{\"subscribers\":[{\"email\":\"a@example.com\","
            + "\"properties\":[{\"label\":\"Plan\",\"type\":\"string\",\"value\":\"pro\"}]}]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestBodies.Subscribers.class)))
    @APIResponse(responseCode = "200", description = ACCEPTED, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscribersAccepted.class)))
    @Extension(name = SharedResponses.EXTENSION, value = "retently-write")
    @APIResponse(responseCode = "403", description = "{\"message\":\"forbidden\"}: no customers:write")
    public CompletionStage<Response> upsert(@Context final ContainerRequestContext request, final byte[] body) {
        return write(CUSTOMERS_ROUTE, request, body, false);
    }

    /** As {@link #upsert}, and each subscriber's {@value SubscriberCommands#SURVEY_EVENT} event. */
    @POST
    @Path("survey")
    @Operation(summary = "Send transactional surveys",
            description = "Upserts each subscriber as POST /api/v2/customers does, then emits the event "
                    + "survey.requested for it, so workflows can start on it.")
    @RequestBody(required = true, description = "{\"subscribers\":[{\"email\":\"a@example.com\"}]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestBodies.Subscribers.class)))
    @APIResponse(responseCode = "200", description = ACCEPTED, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscribersAccepted.class)))
    @Extension(name = SharedResponses.EXTENSION, value = "retently-write")
    @APIResponse(responseCode = "403", description = "{\"message\":\"forbidden\"}: no customers:write and events:write")
    public CompletionStage<Response> survey(@Context final ContainerRequestContext request, final byte[] body) {
        return write(SURVEY_ROUTE, request, body, true);
    }

    private CompletionStage<Response> write(final CommandWrites.Route route, final ContainerRequestContext request,
                                            final byte[] body, final boolean survey) {
        return writes.write(route, request, body, reader::read,
                (origin, subscribers) -> SubscriberCommands.commands(origin, subscribers.items(), survey),
                commands -> Response.ok(SubscribersAccepted.of(commands.size() / (survey ? 2 : 1)),
                        MediaType.APPLICATION_JSON_TYPE));
    }

}
