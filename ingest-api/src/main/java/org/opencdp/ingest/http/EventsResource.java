package org.opencdp.ingest.http;

import java.util.List;
import java.util.Set;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencdp.avro.ApiFamily;
import org.opencdp.ingest.access.AuthFailure;
import org.opencdp.ingest.event.EventReader;
import org.opencdp.schemas.values.Limits;
import org.opencdp.platform.access.Scope;

/**
 * Retainly {@code POST /events}: one customer event, which starts workflows and never changes attributes.
 * Called on the event loop, and written there or on a worker thread, as {@code POST /customers} is.
 */
@Path("/events")
@Tag(name = "Retainly")
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {

    /** Its seed reports a refused caller as a 422 validation error ({@link AuthFailure#RETAINLY_EVENTS}). */
    private static final CommandWrites.Route ROUTE = new CommandWrites.Route("POST /events", ApiFamily.RETAINLY,
            ErrorFormat.RETAINLY_EVENTS, Set.of(Scope.EVENTS_WRITE), AuthFailure.RETAINLY_EVENTS, false);

    private final CommandWrites writes;
    private final EventReader reader = new EventReader(Limits.DEFAULTS);

    @Inject
    public EventsResource(final CommandWrites writes) {
        this.writes = writes;
    }

    @POST
    @NonBlocking
    @Operation(summary = "Create a customer event",
            description = "Records an event for a customer; starts every workflow triggered by it.")
    @RequestBody(required = true, description = "{\"customer_id\":…,\"event\":\"name\",\"data\":{…}}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestBodies.Event.class)))
    @APIResponse(responseCode = "200", description = "The event is in the command log (no body); "
            + "X-Consistency-Token names the position written", content = {})
    @APIResponse(responseCode = "400", description = "Malformed JSON (a string)")
    @APIResponse(responseCode = "413", description = "Body over quarkus.http.limits.max-body-size")
    @APIResponse(responseCode = "422", description = "{\"errors\":{\"field\":[\"message\"]}}, authentication "
            + "errors included ({\"errors\":{\"auth\":[\"forbidden\"]}}), and an invalid Idempotency-Key")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time; see Retry-After")
    public CompletionStage<Response> track(@Context final ContainerRequestContext request, final byte[] body) {
        return writes.write(ROUTE, request, body, reader::read, (origin, read) -> List.of(
                origin.trackEvent(0, read.event().customerId(), read.event().name(), read.event().data())),
                commands -> Response.ok());
    }

}
