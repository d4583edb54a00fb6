package org.opencdp.ingest.http;

import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import io.vertx.core.http.HttpServerRequest;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.opencdp.ingest.access.AuthFailure;
import org.opencdp.ingest.access.Operator;
import org.opencdp.ingest.access.RequestCaller;
import org.opencdp.ingest.ratelimit.RateLimits;
import org.opencdp.platform.access.AccessControl;
import org.opencdp.platform.access.Caller;
import org.opencdp.platform.access.PresentedCredentials;
import org.opencdp.platform.access.Workspace;
import org.opencdp.platform.http.RequestIdFilter;

/**
 * Every request of ingest-api that presents credentials passes {@link RateLimits} before its route runs (and
 * before its body is read): a credential or client address that failed to authenticate too often this minute is
 * answered 429 whatever it presents now; an authenticated request takes a token from its workspace's bucket, or
 * is answered 429. Both with {@code Retry-After}, in the route family's error format ({@link AuthFailure}). A
 * request whose credentials are wrong is counted here and answered by its route as before (401, 403).
 */
public class RateLimitFilter {

    private static final String EVENTS = "/events";

    private final AccessControl access;
    private final RateLimits limits;
    private final RequestCaller decided;
    private final Operator operator;

    @Inject
    public RateLimitFilter(final AccessControl access, final RateLimits limits, final RequestCaller decided,
                           final Operator operator) {
        this.access = access;
        this.limits = limits;
        this.decided = decided;
        this.operator = operator;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Response limit(final ContainerRequestContext request, final HttpServerRequest http) {
        final PresentedCredentials presented = PresentedCredentials.fromHeaders(request::getHeaderString);
        if (presented.isEmpty()) {
            return null; // Nothing to limit by: the route refuses it (401), or it is public (the console's pages).
        }
        final long now = System.nanoTime();
        final Optional<String> credential = presented.bearer().or(presented::key);
        final String address = http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
        final RateLimits.Decision before = limits.beforeAuthentication(credential, address, now);
        if (before instanceof RateLimits.Decision.Limited limited) {
            return tooMany(request, limited);
        }
        if (request.getUriInfo().getPath().startsWith(Operator.ROUTES) && operator.is(presented)) {
            return null; // The operator is no workspace: no bucket to take from.
        }
        // Decided once for the request: the route's Gate takes this answer.
        final Optional<Caller> caller = access.authenticate(presented);
        decided.decided(presented, caller);
        if (caller.isEmpty()) {
            limits.failed(credential, address, now);
            return null;
        }
        final String workspace = caller.get().workspaceId();
        return limits.request(workspace, access.workspace(workspace).flatMap(Workspace::rateLimit), now)
                instanceof RateLimits.Decision.Limited limited ? tooMany(request, limited) : null;
    }

    private static Response tooMany(final ContainerRequestContext request, final RateLimits.Decision.Limited limited) {
        final boolean events = "POST".equals(request.getMethod()) && EVENTS.equals(request.getUriInfo().getPath());
        return (events ? AuthFailure.RETAINLY_EVENTS : AuthFailure.BEARER).limited(
                "Too many requests (" + limited.reason() + "). Retry after " + limited.retryAfterSeconds() + " s.",
                limited.retryAfterSeconds(), RequestIdFilter.requestId(request));
    }
}
