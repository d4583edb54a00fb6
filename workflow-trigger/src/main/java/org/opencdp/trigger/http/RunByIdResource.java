package org.opencdp.trigger.http;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.opencdp.platform.access.Caller;
import org.opencdp.platform.access.Scope;
import org.opencdp.trigger.topology.WebhookDeliveries;
import org.opencdp.platform.query.QueryForwarder;
import org.opencdp.trigger.query.RunQueries;
import org.opencdp.trigger.run.RunDto;

/** {@code GET /runs/{run_id}}: one run of the caller's workspace, with its rendered message. */
@Path("/runs/{run_id}")
@Produces(MediaType.APPLICATION_JSON)
public class RunByIdResource {

    @Inject
    Callers callers;

    @Inject
    RunQueries queries;

    @Inject
    WebhookDeliveries deliveries;

    @GET
    @Blocking
    @APIResponse(responseCode = "200", description = "The run, with its webhook delivery when it has one",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunDto.class)))
    @APIResponse(responseCode = "404", description = "No such run in the caller's workspace")
    public Uni<Response> run(@PathParam("run_id") final String runId,
                        @HeaderParam(QueryForwarder.FORWARDED_BY) final String forwarded,
                        @Context final HttpHeaders headers) {
        final Caller caller = callers.require(headers, Scope.WORKFLOWS_WRITE, Scope.PROFILES_READ);
        final RunQueries.Asker asker = new RunQueries.Asker(forwarded != null, Callers.credentialHeaders(headers));
        return queries.byId(caller.workspaceId(), runId, asker).map(run -> run.map(r -> withDelivery(caller, r))).map(found -> {
            if (asker.forwarded()) {
                // Another instance asks for this one's partitions: a list of zero or one, as run lists are forwarded.
                return Response.ok(found.map(List::of).orElse(List.of())).build();
            }
            return Response.ok(found.orElseThrow(() -> ApiProblem.notFound("run not found"))).build();
        });
    }

    /**
     * The run with its webhook delivery, which lives beside the run: a run read here gets it from this instance's
     * stores, a run forwarded from its owner came with it.
     */
    private RunDto withDelivery(final Caller caller, final RunDto run) {
        if (run.delivery() != null) {
            return run;
        }
        return deliveries.of(caller.workspaceId(), run.runId()).map(d -> run.with(new RunDto.Delivery(d.getState(),
                d.getUrl(), d.getAttempts(), d.getLastError(), d.getUpdatedAt().toString()))).orElse(run);
    }

    /** Tries a parked run's webhook again (workspace admin). */
    @POST
    @Path("/retry")
    @Blocking
    @APIResponse(responseCode = "202", description = "{\"run_id\":…,\"state\":\"pending\"}: the delivery is tried again")
    @APIResponse(responseCode = "403", description = "Not a workspace admin credential")
    @APIResponse(responseCode = "404", description = "No webhook delivery for the run")
    @APIResponse(responseCode = "409", description = "The run's delivery is not parked")
    public Uni<Response> retry(@PathParam("run_id") final String runId, @Context final HttpHeaders headers) {
        final Caller caller = callers.require(headers, Scope.WORKFLOWS_WRITE);
        if (!caller.admin()) {
            throw ApiProblem.forbidden();
        }
        return queries.byId(caller.workspaceId(), runId, new RunQueries.Asker(false,
                        Callers.credentialHeaders(headers))).map(byId -> {
            final RunDto run = byId.map(found -> withDelivery(caller, found))
                    .filter(found -> found.delivery() != null)
                    .orElseThrow(() -> ApiProblem.notFound("no webhook delivery for run " + runId));
            if (!WebhookDeliveries.PARKED.equals(run.delivery().state())) {
                return Response.status(Response.Status.CONFLICT).entity(java.util.Map.of("message",
                        "run " + runId + " is not parked")).build();
            }
            deliveries.retry(caller.workspaceId(), run.customerId(), runId);
            return Response.accepted(java.util.Map.of("run_id", runId, "state", WebhookDeliveries.PENDING)).build();
        });
    }
}
