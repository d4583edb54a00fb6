package org.opencdp.trigger.http;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriBuilder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.platform.access.Caller;
import org.opencdp.platform.access.Scope;
import org.opencdp.trigger.dryrun.DryRunReport;
import org.opencdp.trigger.query.DryRuns;
import org.opencdp.trigger.webhook.WebhookTargets;
import org.opencdp.trigger.workflow.InvalidWorkflow;
import org.opencdp.trigger.workflow.NewWorkflow;
import org.opencdp.trigger.query.WorkflowCatalog;
import org.opencdp.trigger.workflow.WorkflowRequestReader;

/** {@code POST/GET/PUT/DELETE /workflows}: the caller's workspace's workflow definitions. */
@Path("/workflows")
@Produces(MediaType.APPLICATION_JSON)
public class WorkflowResource {

    @Inject
    Callers callers;

    @Inject
    WorkflowCatalog catalog;

    @Inject
    ObjectMapper json;

    @Inject
    DryRuns dryRuns;

    @Inject
    WebhookTargets webhookTargets;

    @POST
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = WorkflowRequest.class)))
    @APIResponse(responseCode = "201", description = "The workflow, with its id; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WorkflowDto.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON or broken rules, every one listed")
    @APIResponse(responseCode = "409", description = "The workspace has the most workflows it may "
            + "(cdp.trigger.max-workflows-per-workspace, 500 by default); delete one to create another")
    public RestResponse<WorkflowDto> create(final String body, @Context final HttpHeaders headers) {
        final Caller caller = callers.require(headers, Scope.WORKFLOWS_WRITE);
        final NewWorkflow workflow = allowedWebhook(WorkflowRequestReader.read(parse(body)));
        final WorkflowDto created = WorkflowDto.withSecret(catalog.create(caller.workspaceId(), workflow));
        return RestResponse.ResponseBuilder.<WorkflowDto>created(
                        UriBuilder.fromPath("/workflows/{id}").build(created.id()))
                .entity(created)
                .build();
    }

    @GET
    public List<WorkflowDto> list(@Context final HttpHeaders headers) {
        final Caller caller = callers.require(headers, Scope.WORKFLOWS_WRITE, Scope.PROFILES_READ);
        return catalog.list(caller.workspaceId()).stream().map(WorkflowDto::of).toList();
    }

    @GET
    @Path("/{id}")
    public WorkflowDto get(@PathParam("id") final String id, @Context final HttpHeaders headers) {
        final Caller caller = callers.require(headers, Scope.WORKFLOWS_WRITE, Scope.PROFILES_READ);
        return catalog.find(caller.workspaceId(), id).map(WorkflowDto::of).orElseThrow(WorkflowResource::unknown);
    }

    /** Replaces the definition (the id and creation time stay): a new trigger, filter, template, or enabled. */
    @PUT
    @Path("/{id}")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = WorkflowRequest.class)))
    public WorkflowDto replace(@PathParam("id") final String id, final String body, @Context final HttpHeaders headers) {
        final Caller caller = callers.require(headers, Scope.WORKFLOWS_WRITE);
        final NewWorkflow workflow = allowedWebhook(WorkflowRequestReader.read(parse(body)));
        final boolean hadSecret = catalog.find(caller.workspaceId(), id)
                .map(WorkflowDefinition::getWebhook).map(webhook -> webhook.getSigningSecret() != null).orElse(false);
        // A webhook that gets its secret with this replacement shows it in this answer, once.
        return catalog.replace(caller.workspaceId(), id, workflow)
                .map(replaced -> hadSecret ? WorkflowDto.of(replaced) : WorkflowDto.withSecret(replaced))
                .orElseThrow(WorkflowResource::unknown);
    }

    /**
     * Replays the stored events between {@code from} and {@code to} (ISO-8601; {@code to} defaults to now) through
     * the workflow's trigger and filter, enabled or not, and reports the runs it would have started. Writes nothing.
     */
    @POST
    @Path("/{id}/dry-run")
    public DryRunReport dryRun(@PathParam("id") final String id, @QueryParam("from") final String from,
                               @QueryParam("to") final String to, @Context final HttpHeaders headers) {
        final Caller caller = callers.require(headers, Scope.WORKFLOWS_WRITE);
        final WorkflowDefinition workflow = catalog.find(caller.workspaceId(), id).orElseThrow(WorkflowResource::unknown);
        final Instant start = instant(from, "from");
        final Instant end = to == null ? Instant.now() : instant(to, "to");
        if (!start.isBefore(end)) {
            throw ApiProblem.badRequest("from must be before to");
        }
        return dryRuns.run(workflow, start, end);
    }

    private static Instant instant(final String text, final String name) {
        if (text == null) {
            throw ApiProblem.badRequest(name + " is required: an ISO-8601 instant such as 2026-11-01T00:00:00Z");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest(name + " must be an ISO-8601 instant such as 2026-11-01T00:00:00Z");
        }
    }

    @DELETE
    @Path("/{id}")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such workflow in the caller's workspace")
    public RestResponse<Void> delete(@PathParam("id") final String id, @Context final HttpHeaders headers) {
        final Caller caller = callers.require(headers, Scope.WORKFLOWS_WRITE);
        if (!catalog.delete(caller.workspaceId(), id)) {
            throw unknown();
        }
        return RestResponse.noContent();
    }

    /**
     * The workflow, once its webhook URL (if any) may be sent to: https to a public address, or what the operator
     * allows (contract section 10); else a 400 naming why. Each delivery checks again after resolving.
     */
    private NewWorkflow allowedWebhook(final NewWorkflow workflow) {
        if (workflow.webhookUrl().isPresent()) {
            try {
                webhookTargets.checkDefinition(workflow.webhookUrl().get(), WebhookTargets.SYSTEM);
            } catch (WebhookTargets.Refused refused) {
                throw new InvalidWorkflow(refused.getMessage());
            }
        }
        return workflow;
    }

    /** The answer for a workflow id the caller's workspace does not have (another workspace's included). */
    public static ApiProblem unknown() {
        return ApiProblem.notFound("workflow not found");
    }

    private JsonNode parse(final String body) {
        try {
            return body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("malformed JSON: " + e.getOriginalMessage());
        }
    }
}
