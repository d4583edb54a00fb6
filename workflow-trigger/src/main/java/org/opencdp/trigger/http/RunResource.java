package org.opencdp.trigger.http;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

import org.opencdp.platform.access.Caller;
import org.opencdp.platform.access.Scope;
import org.opencdp.trigger.topology.TriggerSettings;
import org.opencdp.trigger.query.WorkflowCatalog;
import org.opencdp.platform.query.QueryForwarder;
import org.opencdp.trigger.query.RunQueries;
import org.opencdp.trigger.run.RunDto;

/** {@code GET /workflows/{id}/runs[?customer_id=…][&limit=…]}: a workflow's started runs, newest first. */
@Path("/workflows/{id}/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    @Inject
    Callers callers;

    @Inject
    WorkflowCatalog catalog;

    @Inject
    RunQueries queries;

    @Inject
    TriggerSettings settings;

    @GET
    @Blocking
    public Uni<List<RunDto>> runs(@PathParam("id") final String workflowId,
                             @QueryParam("customer_id") final String customerId,
                             @QueryParam("limit") final String limit,
                             @HeaderParam(QueryForwarder.FORWARDED_BY) final String forwarded,
                             @Context final HttpHeaders headers) {
        final Caller caller = callers.require(headers, Scope.WORKFLOWS_WRITE, Scope.PROFILES_READ);
        final int max = limit(limit);
        if (catalog.find(caller.workspaceId(), workflowId).isEmpty()) {
            throw WorkflowResource.unknown();
        }
        final RunQueries.Asker asker = new RunQueries.Asker(forwarded != null, Callers.credentialHeaders(headers));
        if (customerId == null) {
            return queries.forWorkflow(caller.workspaceId(), workflowId, max, asker);
        }
        if (customerId.isBlank()) {
            throw ApiProblem.badRequest("customer_id must not be blank");
        }
        return queries.forCustomer(caller.workspaceId(), workflowId, customerId, max, asker);
    }

    private int limit(final String limit) {
        final TriggerSettings.Runs runs = settings.runs();
        if (limit == null) {
            return runs.defaultLimit();
        }
        final int value;
        try {
            value = Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            throw badLimit(runs);
        }
        if (value < 1 || value > runs.maxLimit()) {
            throw badLimit(runs);
        }
        return value;
    }

    private static ApiProblem badLimit(final TriggerSettings.Runs runs) {
        return ApiProblem.badRequest("limit must be an integer from 1 to " + runs.maxLimit());
    }
}
