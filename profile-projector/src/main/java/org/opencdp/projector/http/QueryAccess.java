package org.opencdp.projector.http;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.opencdp.platform.access.AccessControl;
import org.opencdp.platform.access.Caller;
import org.opencdp.platform.access.PresentedCredentials;
import org.opencdp.platform.access.Scope;
import org.opencdp.platform.http.ErrorBody;
import org.opencdp.platform.http.RequestIdFilter;
import org.opencdp.platform.http.ErrorBody;
import org.opencdp.platform.query.IncomingQuery;
import org.opencdp.platform.query.QueryForwarder;

/**
 * Who may query: key/secret or a bearer token with {@code profiles:read}, the same for every query route.
 * A forwarded query carries the caller's own credentials, so the instance that answers checks them too.
 */
@ApplicationScoped
public class QueryAccess {

    private final AccessControl access;

    QueryAccess(final AccessControl access) {
        this.access = access;
    }

    sealed interface Decision {

        record Allowed(Caller caller) implements Decision {
        }

        /** 401 without valid credentials, 403 without the scope. */
        record Refused(Response.ResponseBuilder response) implements Decision {
        }
    }

    Decision authorize(final ContainerRequestContext request) {
        return authorize(request, Set.of(Scope.PROFILES_READ));
    }

    /**
     * As {@link #authorize(ContainerRequestContext)}, for a query any of {@code anyOf} allows: the catalog and a
     * lookup by email or phone also serve writers (the Attentive routes check enum values and the custom-attribute
     * limit, and read custom attributes, with attributes:write).
     */
    Decision authorize(final ContainerRequestContext request, final Set<Scope> anyOf) {
        final Optional<Caller> caller = access.authenticate(PresentedCredentials.fromHeaders(request::getHeaderString));
        if (caller.isEmpty()) {
            return new Decision.Refused(Response.status(Response.Status.UNAUTHORIZED).entity(ErrorBody.of("unauthorized")));
        }
        if (anyOf.stream().noneMatch(caller.get()::may)) {
            return new Decision.Refused(Response.status(Response.Status.FORBIDDEN).entity(ErrorBody.of("forbidden")));
        }
        return new Decision.Allowed(caller.get());
    }

    /** The query as it arrived: the caller's credentials and request id, to pass on if it is forwarded. */
    IncomingQuery incoming(final ContainerRequestContext request, final String requestId) {
        final Map<String, String> headers = new HashMap<>();
        for (final String name : PresentedCredentials.HEADERS) {
            final String value = request.getHeaderString(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        headers.put(RequestIdFilter.HEADER, requestId);
        return new IncomingQuery(headers, request.getHeaderString(QueryForwarder.FORWARDED_BY) != null);
    }
}
