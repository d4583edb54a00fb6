package org.opencdp.projector.query;

import java.util.Optional;

import jakarta.ws.rs.GET;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.Profile;
import org.opencdp.platform.access.Caller;
import org.opencdp.platform.http.RequestIdFilter;

/** {@code GET /customers/{customer_id}}: a customer's profile, from whichever instance holds it. */
@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerResource {

    static final int MAX_CUSTOMER_ID_LENGTH = 255;

    private final QueryAccess access;
    private final InteractiveQueries queries;
    private final String self;

    CustomerResource(final QueryAccess access, final InteractiveQueries queries, final InstanceAddress self) {
        this.access = access;
        this.queries = queries;
        this.self = self.toString();
    }

    @GET
    @Path("/{customer_id}")
    @Operation(summary = "A customer's profile: attributes with their types, rejected values, created and updated times, last applied request id")
    @APIResponse(responseCode = "200", description = "The profile")
    @APIResponse(responseCode = "400", description = "A blank or over-long customer id; a malformed consistency token, or one naming no write of customer-commands")
    @APIResponse(responseCode = "401", description = "No valid credentials")
    @APIResponse(responseCode = "403", description = "The credentials lack profiles:read")
    @APIResponse(responseCode = "404", description = "No such customer")
    @APIResponse(responseCode = "503", description = "The projector is starting or rebalancing, or has not folded the token's write within the wait; retry after Retry-After seconds")
    public Uni<Response> customer(@PathParam("customer_id") final String customerId,
                                              @Parameter(description = "A write's X-Consistency-Token: answer once the profile reflects it")
                                              @QueryParam("after") final String after,
                                              @Context final ContainerRequestContext request) {
        final String requestId = RequestIdFilter.requestId(request);
        return switch (access.authorize(request)) {
            case QueryAccess.Decision.Refused refused -> now(refused.response());
            case QueryAccess.Decision.Allowed allowed -> read(allowed.caller(), customerId, after, request, requestId);
        };
    }

    private Uni<Response> read(final Caller caller, final String customerId, final String after,
                                           final ContainerRequestContext request, final String requestId) {
        if (customerId.isBlank() || customerId.length() > MAX_CUSTOMER_ID_LENGTH) {
            return now(Response.status(Response.Status.BAD_REQUEST).entity(new ErrorBody(
                    "customer_id must be 1 to " + MAX_CUSTOMER_ID_LENGTH + " characters, not blank", requestId)));
        }
        final ConsistencyToken token;
        try {
            token = after == null ? ConsistencyToken.NONE : ConsistencyToken.parse(after);
        } catch (IllegalArgumentException e) {
            return now(Response.status(Response.Status.BAD_REQUEST).entity(new ErrorBody(e.getMessage(), requestId)));
        }
        return queries.profile(new CustomerKey(caller.workspaceId(), customerId), token, access.incoming(request, requestId))
                .map(answer -> answer.toResponse(self, requestId, profile -> profile(profile, requestId)).build());
    }

    private static Response.ResponseBuilder profile(final Optional<Profile> profile, final String requestId) {
        return profile.map(found -> Response.ok(ProfileView.of(found)))
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).entity(new ErrorBody("customer not found", requestId)));
    }

    private static Uni<Response> now(final Response.ResponseBuilder response) {
        return Uni.createFrom().item(response.build());
    }
}
