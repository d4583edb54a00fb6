package org.opencdp.ingest.http;

import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.common.annotation.Blocking;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencdp.avro.ApiFamily;
import org.opencdp.ingest.catalog.DeletedProperty;
import org.opencdp.ingest.catalog.PropertyDefinition;
import org.opencdp.ingest.catalog.PropertyDefinitionReader;
import org.opencdp.ingest.query.CatalogVisibility;
import org.opencdp.ingest.query.ProjectorQueries;
import org.opencdp.schemas.values.Limits;
import org.opencdp.schemas.values.Violation;
import org.opencdp.platform.access.Scope;

/**
 * Catalog administration: {@code PUT} and {@code DELETE /properties/{name}} publish one catalog command each
 * to {@code catalog-commands}, which the projector decides and applies; {@code GET /properties} is the
 * projector's, relayed. The answer comes once Kafka has the command and the projector's catalog shows the change
 * ({@link CatalogVisibility}), so a {@code GET /properties} right after it lists it.
 */
@Path("/properties")
@Tag(name = "Catalog")
@Produces(MediaType.APPLICATION_JSON)
public class PropertiesResource {

    static final String DEFINE_ROUTE = "PUT /properties/{name}";
    static final String DELETE_ROUTE = "DELETE /properties/{name}";

    private final CommandWrites writes;
    private final ProjectorQueries projector;
    private final CatalogVisibility visibility;
    private final PropertyDefinitionReader reader = new PropertyDefinitionReader(Limits.DEFAULTS);

    @Inject
    public PropertiesResource(final CommandWrites writes, final ProjectorQueries projector,
                              final CatalogVisibility visibility) {
        this.writes = writes;
        this.projector = projector;
        this.visibility = visibility;
    }

    /** Not blocking: the projector's answer is awaited without a thread. */
    @GET
    @Operation(summary = "The workspace's property catalog", description = "Relayed to the profile projector.")
    @APIResponse(responseCode = "200", description = "The catalog, as the projector answers it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
            description = "CatalogView in profile-projector's OpenAPI document")))
    @Extension(name = SharedResponses.EXTENSION, value = "projector-read")
    public CompletionStage<Response> list(@Context final ContainerRequestContext request) {
        return projector.forward(request);
    }

    /** Blocking: handing the command to the producer may wait for metadata. */
    @PUT
    @Path("{name}")
    @Blocking
    @Operation(summary = "Define a property", description = "Sets the property's type (and enum values); "
            + "the projector applies it to the catalog.")
    @RequestBody(required = true, description = "{\"type\":\"enum\",\"enum_values\":[\"gold\",\"silver\"]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestBodies.PropertyDefinition.class)))
    @APIResponse(responseCode = "200", description = "{\"name\",\"type\",\"enum_values\"}: in the catalog log and visible to GET /properties",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PropertyDefinition.class)))
    @APIResponse(responseCode = "202", description = "The same: in the catalog log, not yet visible to GET /properties "
            + "within cdp.ingest.catalog-wait (the projector is behind); it shows later",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PropertyDefinition.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON ({\"errors\":{\"body\":[…]}})")
    @Extension(name = SharedResponses.EXTENSION, value = "catalog-write")
    @APIResponse(responseCode = "422", description = "{\"errors\":{\"type\":[…]}}")
    public CompletionStage<Response> define(@PathParam("name") final String name,
                                            @Context final ContainerRequestContext request, final InputStream body) {
        return writes.open(route("PUT", name), request, body, json -> reader.read(name, json)).then(write -> {
            final PropertyDefinition definition = write.body().definition();
            return visibility.once(writes.publishCatalog(write, write.origin(DEFINE_ROUTE)
                            .defineProperty(definition.name(), definition.type(), definition.enumValues()), definition),
                    request, write.write().requestId(), CatalogVisibility.defines(definition));
        });
    }

    /** Blocking like {@link #define}. Idempotent: deleting an unknown property is not an error. */
    @DELETE
    @Path("{name}")
    @Blocking
    @Operation(summary = "Delete a property",
            description = "Removes the property's definition and its value from every profile of the workspace.")
    @RequestBody(required = false, description = "None: a body is not read",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "200", description = "{\"name\",\"deleted\":true}: in the catalog log and gone from GET /properties",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeletedProperty.class)))
    @APIResponse(responseCode = "202", description = "The same: in the catalog log, still listed by GET /properties "
            + "after cdp.ingest.catalog-wait (the projector is behind); it goes later",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeletedProperty.class)))
    @Extension(name = SharedResponses.EXTENSION, value = "catalog-write")
    @APIResponse(responseCode = "422", description = "{\"errors\":{\"name\":[…]}}")
    public CompletionStage<Response> delete(@PathParam("name") final String name,
                                            @Context final ContainerRequestContext request, final InputStream body) {
        final CommandWrites.Opened<Void> write = writes.openUnread(route("DELETE", name), request, body);
        final List<Violation> violations = reader.deletion(name);
        if (!violations.isEmpty()) {
            return write.refuse(violations);
        }
        return visibility.once(writes.publishCatalog(write, write.origin(DELETE_ROUTE).deleteProperty(name),
                DeletedProperty.of(name)), request, write.write().requestId(), CatalogVisibility.lacks(name));
    }

    /**
     * The route as one request addresses it, e.g. {@code PUT /properties/plan} (what a derived request id hashes);
     * its commands name the template, e.g. {@link #DEFINE_ROUTE}.
     */
    private static CommandWrites.Route route(final String method, final String name) {
        return CommandWrites.Route.of(ApiFamily.UPSTREAM, method + " /properties/" + name, Scope.CATALOG_WRITE);
    }
}
