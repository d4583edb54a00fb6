package org.opencdp.trigger.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.opencdp.platform.http.ErrorBody;
import org.opencdp.platform.http.RequestIdFilter;
import org.opencdp.trigger.topology.TemporarilyUnavailable;
import org.opencdp.trigger.workflow.InvalidWorkflow;
import org.opencdp.trigger.workflow.WorkflowLimitReached;

/** Turns refusals into the contract's JSON error answers. */
public class ProblemMapper {

    /** Seconds a client should wait before retrying a 503. */
    static final String RETRY_AFTER_SECONDS = "1";

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public RestResponse<ErrorBody> problem(final ApiProblem problem, final ContainerRequestContext request) {
        final String requestId = problem.authentication() ? null : RequestIdFilter.requestId(request);
        return json(problem.status(), new ErrorBody(problem.getMessage(), requestId));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> invalidWorkflow(final InvalidWorkflow invalid,
                                                   final ContainerRequestContext request) {
        return json(400, new ErrorBody(invalid.getMessage(), RequestIdFilter.requestId(request)));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> limitReached(final WorkflowLimitReached limit,
                                                final ContainerRequestContext request) {
        return json(409, new ErrorBody(limit.getMessage(), RequestIdFilter.requestId(request)));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unavailable(final TemporarilyUnavailable unavailable,
                                               final ContainerRequestContext request) {
        LOG.warnf("Answering 503 to %s %s: %s (%s)", request.getMethod(), request.getUriInfo().getPath(),
                unavailable.getMessage(), unavailable.getCause());
        return RestResponse.ResponseBuilder
                .create(Response.Status.SERVICE_UNAVAILABLE, new ErrorBody(unavailable.getMessage(), RequestIdFilter.requestId(request)))
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    private static RestResponse<ErrorBody> json(final int status, final ErrorBody body) {
        return RestResponse.ResponseBuilder.create(Response.Status.fromStatusCode(status), body).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
