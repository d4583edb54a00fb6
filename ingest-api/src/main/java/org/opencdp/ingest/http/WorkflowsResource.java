package org.opencdp.ingest.http;

import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
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
 * The workflow trigger's workflow reads, relayed with the caller's credentials so the console reaches them from
 * this origin ({@link RunsResource} relays the runs); the trigger authenticates, checks scopes and isolates
 * workspaces (workflow-trigger/README.md). Workflow writes stay on the trigger.
 */
@Path("/workflows")
@Tag(name = "Workflows (relayed)")
@Produces(MediaType.APPLICATION_JSON)
public class WorkflowsResource {

    private final TriggerQueries trigger;

    @Inject
    public WorkflowsResource(final TriggerQueries trigger) {
        this.trigger = trigger;
    }

    /** Not blocking: the trigger's answer is awaited without a thread. */
    @GET
        @Operation(summary = "The workspace's workflows", description = "Relayed to the workflow trigger.")
    @APIResponse(responseCode = "200", description = "The workflows, as the trigger answers them",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY,
                    implementation = Object.class, description = "workflow-trigger's Workflow (docs/openapi/workflow-trigger.yaml)")))
    @Extension(name = SharedResponses.EXTENSION, value = "trigger-read")
    public CompletionStage<Response> workflows(@Context final ContainerRequestContext request) {
        return trigger.forward(request);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One workflow", description = "Relayed to the workflow trigger.")
    @APIResponse(responseCode = "200", description = "The workflow, as the trigger answers it",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT,
                    description = "workflow-trigger's Workflow (docs/openapi/workflow-trigger.yaml)")))
    @Extension(name = SharedResponses.EXTENSION, value = "trigger-read")
    public CompletionStage<Response> workflow(@Context final ContainerRequestContext request) {
        return trigger.forward(request);
    }

    @GET
    @Path("{id}/runs")
    @Operation(summary = "A workflow's runs, newest first",
            description = "?customer_id=&limit=, relayed to the workflow trigger.")
    @APIResponse(responseCode = "200", description = "The runs, as the trigger answers them",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT,
                    description = "workflow-trigger's page of runs (docs/openapi/workflow-trigger.yaml)")))
    @Extension(name = SharedResponses.EXTENSION, value = "trigger-read")
    public CompletionStage<Response> runs(@Context final ContainerRequestContext request) {
        return trigger.forward(request);
    }
}
