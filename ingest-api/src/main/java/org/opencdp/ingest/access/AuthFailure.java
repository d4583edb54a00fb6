package org.opencdp.ingest.access;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.opencdp.platform.http.ErrorBody;

/** How a route family answers a refused caller (contract section 2). */
public enum AuthFailure {

    /** Retainly routes: 403 {@code {"message":"forbidden"}} whatever went wrong, as the seed documents. */
    RETAINLY {
        @Override
        Response refuse(final Admission refusal) {
            return json(Response.Status.FORBIDDEN, ErrorBody.of("forbidden"));
        }
    },
    /** {@code POST /events}: its seed reports authentication errors as 422 validation errors. */
    RETAINLY_EVENTS {
        @Override
        Response refuse(final Admission refusal) {
            return json(422, Map.of("errors", Map.of("auth", List.of("forbidden"))));
        }
    },
    /** Bearer routes: 401 without valid credentials, 403 without the scope. */
    BEARER {
        @Override
        Response refuse(final Admission refusal) {
            return refusal instanceof Admission.Forbidden
                    ? json(Response.Status.FORBIDDEN, ErrorBody.of("forbidden"))
                    : Response.status(Response.Status.UNAUTHORIZED)
                            .header("WWW-Authenticate", "Bearer")
                            .entity(ErrorBody.of("unauthorized")).type(MediaType.APPLICATION_JSON_TYPE).build();
        }
    };

    abstract Response refuse(Admission refusal);

    /**
     * 429 with {@code Retry-After}: a rate limit refused the request before its route ran. The family's error
     * body: {@code {"message","request_id"}}, or {@code POST /events}' {@code {"errors":{"request":[…]}}}.
     */
    public Response limited(final String message, final long retryAfterSeconds, final String requestId) {
        final Object body = this == RETAINLY_EVENTS
                ? Map.of("errors", Map.of("request", List.of(message)))
                : new ErrorBody(message, requestId);
        return Response.status(429).header(HttpHeaders.RETRY_AFTER, retryAfterSeconds).entity(body)
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Response json(final Response.Status status, final Object body) {
        return json(status.getStatusCode(), body);
    }

    private static Response json(final int status, final Object body) {
        return Response.status(status).entity(body).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
