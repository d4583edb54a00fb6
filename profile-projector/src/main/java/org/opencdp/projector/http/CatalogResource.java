package org.opencdp.projector.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;
import org.opencdp.avro.PropertyDefinitionEntry;
import org.opencdp.platform.access.Scope;
import org.opencdp.platform.http.ErrorBody;
import org.opencdp.platform.query.Answer;
import org.opencdp.schemas.ReadAfter;

/**
 * {@code GET /properties}: the caller's workspace property catalog, from any instance with a catalog partition;
 * after a write (its consistency token), from the partitions the write went to, once they show it.
 */
@Path("/properties")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    /** The catalog also serves writers: the Attentive routes check enum values against it, segments compare by its types. */
    private static final Set<Scope> READERS = Set.of(Scope.PROFILES_READ, Scope.ATTRIBUTES_WRITE, Scope.CATALOG_WRITE,
            Scope.SEGMENTS_WRITE);

    private static final Logger LOG = Logger.getLogger(CatalogResource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final QueryAccess access;

    CatalogResource(final QueryAccess access) {
        this.access = access;
    }

    @GET
    @Operation(summary = "The workspace's property catalog: each property's name, type, enum values, when and through which route it was created")
    @APIResponse(responseCode = "200", description = "The catalog, sorted by name",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CatalogView.class)))
    @APIResponse(responseCode = "400", description = "The consistency token is malformed, or after and the header differ")
    @APIResponse(responseCode = "503", description = "The projector is starting or rebalancing, or has not made the token's write visible within the wait; retry after Retry-After seconds")
    public Uni<Response> properties(@Parameter(description = "Any write's X-Consistency-Token: answer once the catalog "
                                            + "shows that write (the types its first writes of new properties were given)")
                                    @QueryParam("after") final String after,
                                    @Parameter(description = CustomerResource.TOKEN_HEADER)
                                    @HeaderParam(ReadAfter.HEADER) final String header,
                                    @Context final ContainerRequestContext request) {
        return access.answer(request, READERS, (caller, requestId) -> {
            final ReadAfter token;
            try {
                token = ReadAfter.of(after, header);
            } catch (IllegalArgumentException e) {
                return Answers.now(Response.status(Response.Status.BAD_REQUEST).entity(new ErrorBody(e.getMessage(), requestId)));
            }
            return access.queries().catalog(caller.workspaceId(), token, access.incoming(request, requestId))
                    .map(answers -> respond(answers, requestId));
        });
    }

    /**
     * One partition's answer as it is; several partitions' catalogs (a write that went to several) as one, each
     * property as the partition that changed it last shows it. The first answer that is not a catalog stands.
     */
    private Response respond(final List<Answer<List<PropertyDefinitionEntry>>> answers, final String requestId) {
        if (answers.size() == 1) {
            return access.respond(answers.getFirst(), requestId, definitions -> Response.ok(CatalogView.of(definitions)));
        }
        final List<CatalogView> views = new ArrayList<>();
        for (final Answer<List<PropertyDefinitionEntry>> answer : answers) {
            final Optional<CatalogView> view = switch (answer) {
                case Answer.Local<List<PropertyDefinitionEntry>> local -> Optional.of(CatalogView.of(local.value()));
                case Answer.Relayed<List<PropertyDefinitionEntry>> relayed when relayed.status() == 200 -> parse(relayed.body());
                default -> Optional.empty();
            };
            if (view.isEmpty()) {
                return access.respond(answer, requestId, definitions -> Response.ok(CatalogView.of(definitions)));
            }
            views.add(view.get());
        }
        return Response.ok(CatalogView.union(views)).build();
    }

    private static Optional<CatalogView> parse(final String body) {
        try {
            return Optional.of(JSON.readValue(body, CatalogView.class));
        } catch (IOException e) {
            LOG.warnf("Another instance answered a catalog that is not one: %s", e.toString());
            return Optional.empty();
        }
    }
}
