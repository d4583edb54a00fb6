package org.opencdp.trigger.workflow;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriBuilder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.resteasy.reactive.RestResponse;
import org.opencdp.platform.access.Caller;
import org.opencdp.platform.access.Scope;
import org.opencdp.trigger.http.ApiProblem;
import org.opencdp.trigger.http.Callers;

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

    @POST
    public RestResponse<WorkflowDto> create(final String body, @Context final HttpHeaders headers) {
        final Caller caller = callers.require(headers, Scope.WORKFLOWS_WRITE);
        final NewWorkflow workflow = WorkflowRequestReader.read(parse(body));
        final WorkflowDto created = WorkflowDto.of(catalog.create(caller.workspaceId(), workflow));
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
    public WorkflowDto replace(@PathParam("id") final String id, final String body, @Context final HttpHeaders headers) {
        final Caller caller = callers.require(headers, Scope.WORKFLOWS_WRITE);
        final NewWorkflow workflow = WorkflowRequestReader.read(parse(body));
        return catalog.replace(caller.workspaceId(), id, workflow).map(WorkflowDto::of)
                .orElseThrow(WorkflowResource::unknown);
    }

    @DELETE
    @Path("/{id}")
    public RestResponse<Void> delete(@PathParam("id") final String id, @Context final HttpHeaders headers) {
        final Caller caller = callers.require(headers, Scope.WORKFLOWS_WRITE);
        if (!catalog.delete(caller.workspaceId(), id)) {
            throw unknown();
        }
        return RestResponse.noContent();
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
