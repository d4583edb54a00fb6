package org.opencdp.ingest.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
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
import org.opencdp.ingest.query.ProjectorQueries;
import org.opencdp.platform.http.ErrorBody;
import org.opencdp.platform.http.RequestIdFilter;

/**
 * The segment routes of contract section 11, relayed to the profile projector, which owns them: it authenticates,
 * checks scopes, validates and stores (docs/segments.md). A definition's body is passed on as it arrived, once it
 * is known to be within the projector's bound. Nothing waits on a thread.
 */
@Path("/segments")
@Tag(name = "Segments (relayed)")
@Produces(MediaType.APPLICATION_JSON)
public class SegmentsResource {

    /** The projector's bound on a definition (its SegmentResource.MAX_BODY_BYTES): a larger body is not relayed. */
    static final int MAX_BODY_BYTES = 256 * 1024;

    private static final String DEFINITION = "profile-projector's SegmentView (docs/openapi/profile-projector.yaml)";

    private final ProjectorQueries projector;

    @Inject
    public SegmentsResource(final ProjectorQueries projector) {
        this.projector = projector;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestBodies.Segment.class)))
    @Operation(summary = "Define a segment", description = "{\"name\",\"match\":\"all\"|\"any\",\"conditions\":[…]}, relayed to the profile projector.")
    @APIResponse(responseCode = "201", description = "The segment, as the projector answers it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT, description = DEFINITION)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, or a definition with problems: every one listed")
    @APIResponse(responseCode = "413", description = "A body over 256 KiB")
    @Extension(name = SharedResponses.EXTENSION, value = "projector-read")
    public CompletionStage<Response> create(@Context final ContainerRequestContext request, final byte[] body) {
        return withBody(request, body);
    }

    @GET
    @Operation(summary = "The workspace's segments", description = "?limit=&cursor=, relayed to the profile projector.")
    @APIResponse(responseCode = "200", description = "A page of segments, as the projector answers it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT, description = DEFINITION)))
    @Extension(name = SharedResponses.EXTENSION, value = "projector-read")
    public CompletionStage<Response> segments(@Context final ContainerRequestContext request) {
        return projector.forward(request);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One segment: its definition, status and size", description = "Relayed to the profile projector.")
    @APIResponse(responseCode = "200", description = "The segment, as the projector answers it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT, description = DEFINITION)))
    @APIResponse(responseCode = "404", description = "No such segment in the caller's workspace")
    @Extension(name = SharedResponses.EXTENSION, value = "projector-read")
    public CompletionStage<Response> segment(@Context final ContainerRequestContext request) {
        return projector.forward(request);
    }

    @GET
    @Path("{id}/members")
    @Operation(summary = "A segment's members, in pages", description = "?limit=&cursor=, relayed to the profile projector.")
    @APIResponse(responseCode = "200", description = "A page of customer ids, as the projector answers it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    description = "profile-projector's Members (docs/openapi/profile-projector.yaml)")))
    @APIResponse(responseCode = "404", description = "No such segment in the caller's workspace")
    @Extension(name = SharedResponses.EXTENSION, value = "projector-read")
    public CompletionStage<Response> members(@Context final ContainerRequestContext request) {
        return projector.forward(request);
    }

    @GET
    @Path("{id}/export")
    @Blocking
    @Produces({"application/x-ndjson", MediaType.APPLICATION_JSON})
    @Operation(summary = "Export a segment's members",
            description = "JSON lines, one member profile a line, streamed from the profile projector with the caller's credentials; "
                    + "a last line {\"error\",\"resume_cursor\"} if the projector could not read a page.")
    @APIResponse(responseCode = "200", description = "One profile per line",
            content = @Content(mediaType = "application/x-ndjson", schema = @Schema(type = SchemaType.STRING,
                    description = "ProfileView JSON objects, one a line")))
    @APIResponse(responseCode = "404", description = "No such segment in the caller's workspace")
    @APIResponse(responseCode = "429", description = "As many exports as the projector runs at once are running")
    @Extension(name = SharedResponses.EXTENSION, value = "projector-read")
    public Response export(@Context final ContainerRequestContext request) {
        return projector.stream(request);
    }

    @POST
    @Path("preview")
    @Consumes(MediaType.WILDCARD)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestBodies.Segment.class)))
    @Operation(summary = "Preview an unsaved definition: its size and up to 20 members",
            description = "Relayed to the profile projector, which evaluates it over the workspace's profiles within a time budget.")
    @APIResponse(responseCode = "200", description = "The preview, as the projector answers it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    description = "profile-projector's Preview (docs/openapi/profile-projector.yaml)")))
    @APIResponse(responseCode = "400", description = "Malformed JSON, or a definition with problems: every one listed")
    @APIResponse(responseCode = "413", description = "A body over 256 KiB")
    @Extension(name = SharedResponses.EXTENSION, value = "projector-read")
    public CompletionStage<Response> preview(@Context final ContainerRequestContext request, final byte[] body) {
        return withBody(request, body);
    }

    @GET
    @Path("{id}/explain/{customer_id}")
    @Operation(summary = "Why a customer is in a segment or not", description = "Relayed to the profile projector.")
    @APIResponse(responseCode = "200", description = "Each condition, whether it held, and the values that decided it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    description = "profile-projector's Explained (docs/openapi/profile-projector.yaml)")))
    @APIResponse(responseCode = "404", description = "No such segment or customer in the caller's workspace")
    @Extension(name = SharedResponses.EXTENSION, value = "projector-read")
    public CompletionStage<Response> explain(@Context final ContainerRequestContext request) {
        return projector.forward(request);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestBodies.Segment.class)))
    @Operation(summary = "Replace a segment's definition", description = "Relayed to the profile projector.")
    @APIResponse(responseCode = "200", description = "The segment as replaced, as the projector answers it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT, description = DEFINITION)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, or a definition with problems: every one listed")
    @APIResponse(responseCode = "404", description = "No such segment in the caller's workspace")
    @APIResponse(responseCode = "413", description = "A body over 256 KiB")
    @Extension(name = SharedResponses.EXTENSION, value = "projector-read")
    public CompletionStage<Response> replace(@Context final ContainerRequestContext request, final byte[] body) {
        return withBody(request, body);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a segment", description = "Relayed to the profile projector.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such segment in the caller's workspace")
    @Extension(name = SharedResponses.EXTENSION, value = "projector-read")
    public CompletionStage<Response> delete(@Context final ContainerRequestContext request) {
        return projector.forward(request);
    }

    private CompletionStage<Response> withBody(final ContainerRequestContext request, final byte[] body) {
        if (body != null && body.length > MAX_BODY_BYTES) {
            return CompletableFuture.completedFuture(Response.status(Response.Status.REQUEST_ENTITY_TOO_LARGE)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorBody("a segment definition is at most " + MAX_BODY_BYTES + " bytes",
                            RequestIdFilter.requestId(request))).build());
        }
        return projector.forward(request, body == null ? new byte[0] : body);
    }
}
