package org.opencdp.projector.query;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;
import org.opencdp.avro.CustomerKey;
import org.opencdp.platform.access.AccessControl;
import org.opencdp.platform.access.Caller;
import org.opencdp.platform.access.PresentedCredentials;
import org.opencdp.platform.access.Scope;
import org.opencdp.platform.http.RequestIdFilter;

/** {@code GET /customers/{customer_id}}: a customer's profile, from whichever instance holds it. */
@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerResource {

    static final int MAX_CUSTOMER_ID_LENGTH = 255;
    /** Seconds a client should wait before asking again while the projector starts or rebalances. */
    static final String RETRY_AFTER_SECONDS = "1";
    private static final List<String> CREDENTIAL_HEADERS = List.of("key", "secret", "api-key", "api-secret", "Authorization");
    private static final Logger LOG = Logger.getLogger(CustomerResource.class);

    private final AccessControl access;
    private final ProfileQueries queries;
    private final String self;

    CustomerResource(final AccessControl access, final ProfileQueries queries, final ProfileStore store) {
        this.access = access;
        this.queries = queries;
        this.self = store.selfAddress();
    }

    @GET
    @Path("/{customer_id}")
    @Operation(summary = "A customer's profile: attributes with their types, created and updated times, last applied request id")
    @APIResponse(responseCode = "200", description = "The profile")
    @APIResponse(responseCode = "401", description = "No valid credentials")
    @APIResponse(responseCode = "403", description = "The credentials lack profiles:read")
    @APIResponse(responseCode = "404", description = "No such customer")
    @APIResponse(responseCode = "503", description = "The projector is starting or rebalancing; retry after Retry-After seconds")
    public CompletionStage<Response> customer(@PathParam("customer_id") final String customerId,
                                              @Context final ContainerRequestContext request) {
        final String requestId = RequestIdFilter.requestId(request);
        final Optional<Caller> caller = access.authenticate(PresentedCredentials.fromHeaders(request::getHeaderString));
        if (caller.isEmpty()) {
            return now(Response.status(Response.Status.UNAUTHORIZED).entity(ErrorBody.of("unauthorized")));
        }
        if (!caller.get().may(Scope.PROFILES_READ)) {
            return now(Response.status(Response.Status.FORBIDDEN).entity(ErrorBody.of("forbidden")));
        }
        if (customerId.isBlank() || customerId.length() > MAX_CUSTOMER_ID_LENGTH) {
            return now(Response.status(Response.Status.BAD_REQUEST).entity(new ErrorBody(
                    "customer_id must be 1 to " + MAX_CUSTOMER_ID_LENGTH + " characters, not blank", requestId)));
        }
        final IncomingQuery query = new IncomingQuery(new CustomerKey(caller.get().workspaceId(), customerId),
                passedHeaders(request, requestId), request.getHeaderString(ProfileForwarder.FORWARDED_BY) != null);
        return queries.find(query).thenApply(answer -> respond(answer, requestId).build());
    }

    private Response.ResponseBuilder respond(final Answer answer, final String requestId) {
        return switch (answer) {
            case Answer.Local local when local.profile().isPresent() ->
                    Response.ok(ProfileView.of(local.profile().get())).header(ProfileForwarder.SERVED_BY, self);
            case Answer.Local ignored -> Response.status(Response.Status.NOT_FOUND)
                    .entity(new ErrorBody("customer not found", requestId)).header(ProfileForwarder.SERVED_BY, self);
            case Answer.Relayed relayed -> Response.status(relayed.status()).type(relayed.contentType())
                    .entity(relayed.body()).header(ProfileForwarder.SERVED_BY, relayed.servedBy());
            case Answer.Unavailable unavailable -> {
                LOG.debugf("Request %s: profile unavailable: %s", requestId, unavailable.reason());
                yield Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", RETRY_AFTER_SECONDS)
                        .entity(new ErrorBody("profiles are not available right now (the projector is starting or rebalancing); retry", requestId));
            }
        };
    }

    /** The caller's credentials and request id, for the owning instance when the query is forwarded. */
    private static Map<String, String> passedHeaders(final ContainerRequestContext request, final String requestId) {
        final Map<String, String> headers = new HashMap<>();
        for (final String name : CREDENTIAL_HEADERS) {
            final String value = request.getHeaderString(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        headers.put(RequestIdFilter.HEADER, requestId);
        return headers;
    }

    private static CompletionStage<Response> now(final Response.ResponseBuilder response) {
        return CompletableFuture.completedFuture(response.build());
    }
}
