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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.opencdp.platform.access.Scope;

/** {@code GET /properties}: the caller's workspace property catalog, from any instance with a catalog partition. */
@Path("/properties")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    /** The catalog also serves writers: the Attentive routes check enum values against it. */
    private static final Set<Scope> READERS = Set.of(Scope.PROFILES_READ, Scope.ATTRIBUTES_WRITE, Scope.CATALOG_WRITE);

    private final QueryAccess access;

    CatalogResource(final QueryAccess access) {
        this.access = access;
    }

    @GET
    @Operation(summary = "The workspace's property catalog: each property's name, type, enum values, when and through which route it was created")
    @APIResponse(responseCode = "200", description = "The catalog, sorted by name",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CatalogView.class)))
    public Uni<Response> properties(@Context final ContainerRequestContext request) {
        return access.answer(request, READERS, (caller, requestId) -> access.queries()
                .catalog(caller.workspaceId(), access.incoming(request, requestId))
                .map(answer -> access.respond(answer, requestId, definitions -> Response.ok(CatalogView.of(definitions)))));
    }
}
