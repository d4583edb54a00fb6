package org.opencdp.projector.http;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.opencdp.avro.CustomerKey;
import org.opencdp.platform.access.Scope;
import org.opencdp.platform.http.ErrorBody;
import org.opencdp.projector.query.SegmentDefinitions;
import org.opencdp.projector.query.SegmentStates;
import org.opencdp.projector.segment.SegmentDefinition;
import org.opencdp.schemas.ReadAfter;

/**
 * {@code GET /customers/{id}/segments}: the segments a customer is in, as the stream keeps its memberships, read
 * beside its profile on the instance that holds it (after a write's consistency token, once that write is folded).
 */
@Path("/customers/{customer_id}/segments")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerSegmentsResource {

    private static final Set<Scope> READERS = Set.of(Scope.PROFILES_READ, Scope.SEGMENTS_WRITE);

    private final QueryAccess access;
    private final SegmentDefinitions definitions;
    private final SegmentStates states;

    CustomerSegmentsResource(final QueryAccess access, final SegmentDefinitions definitions, final SegmentStates states) {
        this.access = access;
        this.definitions = definitions;
        this.states = states;
    }

    @GET
    @Operation(summary = "The segments a customer is in")
    @APIResponse(responseCode = "200", description = "The customer's segments, by id",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SegmentView.OfCustomer.class)))
    @APIResponse(responseCode = "400", description = "A blank or over-long customer id, or a malformed consistency token")
    @APIResponse(responseCode = "404", description = "No such customer")
    @APIResponse(responseCode = "503", description = "The projector is starting or rebalancing, or has not folded the token's write within the wait; retry after Retry-After seconds")
    public Uni<Response> segments(@PathParam("customer_id") final String customerId,
                                  @Parameter(description = CustomerResource.AFTER) @QueryParam("after") final String after,
                                  @Parameter(description = CustomerResource.TOKEN_HEADER) @HeaderParam(ReadAfter.HEADER) final String token,
                                  @Context final ContainerRequestContext request) {
        return access.answer(request, READERS, (caller, requestId) -> {
            if (customerId.isBlank() || customerId.length() > CustomerResource.MAX_CUSTOMER_ID_LENGTH) {
                return Answers.now(Response.status(Response.Status.BAD_REQUEST).entity(new ErrorBody("customer_id must be 1 to "
                        + CustomerResource.MAX_CUSTOMER_ID_LENGTH + " characters, not blank", requestId)));
            }
            final ReadAfter written;
            try {
                written = ReadAfter.of(after, token);
            } catch (IllegalArgumentException e) {
                return Answers.now(Response.status(Response.Status.BAD_REQUEST).entity(new ErrorBody(e.getMessage(), requestId)));
            }
            final CustomerKey key = new CustomerKey(caller.workspaceId(), customerId);
            final Map<String, SegmentDefinition> defined = definitions.definitions(caller.workspaceId());
            return access.queries().customer(key, written, access.incoming(request, requestId),
                            states.state(key, "/customers/" + CustomerResource.encode(customerId) + "/segments"))
                    .map(answer -> access.respond(answer, requestId, state -> state.profile().isEmpty()
                            ? Response.status(Response.Status.NOT_FOUND).entity(new ErrorBody("customer not found", requestId))
                            // A segment deleted since the customer entered it is not listed.
                            : Response.ok(new SegmentView.OfCustomer(customerId, state.memberships().stream()
                            .filter(defined::containsKey).sorted(Comparator.naturalOrder())
                            .map(id -> new SegmentView.Member(id, defined.get(id).name())).toList()))));
        });
    }
}
