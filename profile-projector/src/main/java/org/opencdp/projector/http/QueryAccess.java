package org.opencdp.projector.http;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

import org.opencdp.platform.access.AccessControl;
import org.opencdp.platform.access.Caller;
import org.opencdp.platform.access.PresentedCredentials;
import org.opencdp.platform.access.Scope;
import org.opencdp.platform.http.ErrorBody;
import org.opencdp.platform.http.RequestIdFilter;
import org.opencdp.platform.query.Answer;
import org.opencdp.platform.query.IncomingQuery;
import org.opencdp.platform.query.InstanceAddress;
import org.opencdp.platform.query.QueryForwarder;
import org.opencdp.projector.query.InteractiveQueries;

/**
 * What every query route does alike, in one place: who may query (key/secret or a bearer token with
 * {@code profiles:read}, the same for every route), what a forwarded query carries (the caller's own
 * credentials, so the instance that answers checks them too), and how an answer becomes HTTP.
 */
@ApplicationScoped
public class QueryAccess {

    private final AccessControl access;
    private final InteractiveQueries queries;
    private final String self;

    QueryAccess(final AccessControl access, final InteractiveQueries queries, final InstanceAddress self) {
        this.access = access;
        this.queries = queries;
        this.self = self.toString();
    }

    /** The queries this instance answers, or forwards to the instance that can. */
    InteractiveQueries queries() {
        return queries;
    }

    /** The HTTP answer to {@code answer}, {@code local} rendering this instance's own result (see {@link Answers}). */
    <T> Response respond(final Answer<T> answer, final String requestId,
                         final Function<T, Response.ResponseBuilder> local) {
        return Answers.toResponse(answer, self, requestId, local).build();
    }

    /**
     * The one outline of every query route: {@code answer} runs for a caller holding any of {@code anyOf}, with
     * the request's id; a request without valid credentials is answered 401 at once, one without the scope 403.
     * Some queries also serve writers (the Attentive routes check enum values and the custom-attribute limit, and
     * read custom attributes, with attributes:write), hence a set.
     */
    Uni<Response> answer(final ContainerRequestContext request, final Set<Scope> anyOf,
                         final BiFunction<Caller, String, Uni<Response>> answer) {
        final Optional<Caller> caller = access.authenticate(PresentedCredentials.fromHeaders(request::getHeaderString));
        if (caller.isEmpty()) {
            return Answers.now(Response.status(Response.Status.UNAUTHORIZED).entity(ErrorBody.of("unauthorized")));
        }
        if (anyOf.stream().noneMatch(caller.get()::may)) {
            return Answers.now(Response.status(Response.Status.FORBIDDEN).entity(ErrorBody.of("forbidden")));
        }
        return answer.apply(caller.get(), RequestIdFilter.requestId(request));
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
