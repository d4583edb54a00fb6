package org.opencdp.ingest.idempotency;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.opencdp.platform.http.RequestIdFilter;

/**
 * Answers an idempotent request's derived id in {@code X-Request-Id}, so that a retry sees the same id as
 * the first attempt. Response filters run in descending priority: this one, below the platform's
 * {@link RequestIdFilter} ({@link Priorities#USER}), runs after it and overrides the id it set.
 */
public class DerivedRequestIdFilter {

    private static final String PROPERTY = "org.opencdp.ingest.derived-request-id";

    public static void answer(final ContainerRequestContext request, final String requestId) {
        request.setProperty(PROPERTY, requestId);
    }

    @ServerResponseFilter(priority = Priorities.USER - 100)
    public void onResponse(final ContainerRequestContext request, final ContainerResponseContext response) {
        final Object derived = request.getProperty(PROPERTY);
        if (derived != null) {
            response.getHeaders().putSingle(RequestIdFilter.HEADER, derived.toString());
        }
    }
}
