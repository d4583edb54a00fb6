package org.opencdp.platform.http;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.opencdp.platform.trace.Tracing;

/**
 * Gives every request an id, answered in {@code X-Request-Id} on every response (errors included) and
 * stamped on the commands the request produces. A caller's own well-formed id is kept, so a client can
 * correlate; anything else is replaced by a fresh UUID. Every log line written while serving the request names
 * it ({@code mdc.requestId} in the JSON logs).
 */
public class RequestIdFilter {

    public static final String HEADER = "X-Request-Id";
    private static final String PROPERTY = "org.opencdp.request-id";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** The id of the request being served. */
    public static String requestId(final ContainerRequestContext request) {
        final Object id = request.getProperty(PROPERTY);
        return id != null ? id.toString() : assign(request);
    }

    @ServerRequestFilter(preMatching = true)
    public void onRequest(final ContainerRequestContext request) {
        assign(request);
    }

    @ServerResponseFilter
    public void onResponse(final ContainerRequestContext request, final ContainerResponseContext response) {
        response.getHeaders().putSingle(HEADER, requestId(request));
    }

    private static String assign(final ContainerRequestContext request) {
        final String sent = request.getHeaderString(HEADER);
        final String id = sent != null && ACCEPTED.matcher(sent).matches() ? sent : UUID.randomUUID().toString();
        request.setProperty(PROPERTY, id);
        // In the request's own (Vert.x duplicated) context: every log line written while serving it names it.
        MDC.put(Tracing.REQUEST_ID, id);
        return id;
    }
}
