package org.opencdp.projector.http;

import java.util.Set;


import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.opencdp.platform.access.Scope;
import org.opencdp.platform.http.RequestIdFilter;
import org.opencdp.platform.query.InstanceAddress;
import org.opencdp.projector.query.InteractiveQueries;

/** {@code GET /properties}: the caller's workspace property catalog, from any instance with a catalog partition. */
@Path("/properties")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    private final QueryAccess access;
    private final InteractiveQueries queries;
    private final String self;

    CatalogResource(final QueryAccess access, final InteractiveQueries queries, final InstanceAddress self) {
        this.access = access;
        this.queries = queries;
        this.self = self.toString();
    }

    @GET
    @Operation(summary = "The workspace's property catalog: each property's name, type, enum values, when and through which route it was created")
    @APIResponse(responseCode = "200", description = "The catalog, sorted by name")
    @APIResponse(responseCode = "401", description = "No valid credentials")
    @APIResponse(responseCode = "403", description = "The credentials lack profiles:read")
    @APIResponse(responseCode = "503", description = "The projector is starting or rebalancing; retry after Retry-After seconds")
    public Uni<Response> properties(@Context final ContainerRequestContext request) {
        final String requestId = RequestIdFilter.requestId(request);
        return switch (access.authorize(request, Set.of(Scope.PROFILES_READ, Scope.ATTRIBUTES_WRITE, Scope.CATALOG_WRITE))) {
            case QueryAccess.Decision.Refused refused -> Uni.createFrom().item(refused.response().build());
            case QueryAccess.Decision.Allowed allowed -> queries.catalog(allowed.caller().workspaceId(), access.incoming(request, requestId))
                    .map(answer -> Answers.toResponse(answer, self, requestId,
                            definitions -> Response.ok(CatalogView.of(definitions))).build());
        };
    }
}
