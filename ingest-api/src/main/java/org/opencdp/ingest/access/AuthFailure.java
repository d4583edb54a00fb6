package org.opencdp.ingest.access;

import java.util.List;
import java.util.Map;

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

    private static Response json(final Response.Status status, final Object body) {
        return json(status.getStatusCode(), body);
    }

    private static Response json(final int status, final Object body) {
        return Response.status(status).entity(body).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
