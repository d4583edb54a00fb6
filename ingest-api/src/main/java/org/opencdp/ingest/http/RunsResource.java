package org.opencdp.ingest.http;

import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencdp.ingest.query.TriggerQueries;

/**
 * One run of the workflow trigger and the retry of its parked webhook delivery, relayed with the caller's
 * credentials so the console reaches them from this origin; the trigger authenticates, checks the scope or the
 * admin credential and isolates workspaces (workflow-trigger/README.md).
 */
@Path("/runs/{run_id}")
@Tag(name = "Workflows (relayed)")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {

    private final TriggerQueries trigger;

    @Inject
    public RunsResource(final TriggerQueries trigger) {
        this.trigger = trigger;
    }

    /** Not blocking: the trigger's answer is awaited without a thread. */
    @GET
    @Operation(summary = "One run with its webhook delivery", description = "Relayed to the workflow trigger.")
    @APIResponse(responseCode = "200", description = "The run, as the trigger answers it",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT,
                    description = "workflow-trigger's Run (docs/openapi/workflow-trigger.yaml)")))
    @Extension(name = SharedResponses.EXTENSION, value = "trigger-read")
    public CompletionStage<Response> run(@Context final ContainerRequestContext request) {
        return trigger.forward(request);
    }

    @POST
    @Path("retry")
    @Operation(summary = "Retry a parked webhook delivery",
            description = "Workspace admin; relayed to the workflow trigger (202, 404, 409 as it answers).")
    @APIResponse(responseCode = "202", description = "The delivery is tried again")
    @Extension(name = SharedResponses.EXTENSION, value = "trigger-read")
    public CompletionStage<Response> retry(@Context final ContainerRequestContext request) {
        return trigger.forward(request);
    }
}
