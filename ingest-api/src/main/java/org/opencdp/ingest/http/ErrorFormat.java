package org.opencdp.ingest.http;

import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.opencdp.ingest.json.JsonBody;
import org.opencdp.ingest.json.MalformedJson;
import org.opencdp.ingest.retainly.DetailBody;
import org.opencdp.schemas.values.Violation;

/**
 * How a route family answers bad input: a body that is not JSON (400), a body that breaks the route's rules
 * (422, every violation) and a refused request header (422). Each family keeps the format its seed
 * documents, so a caller migrating from the vendor parses our errors with the code it has.
 */
public enum ErrorFormat {

    /** Retainly routes but {@code POST /events}: {@code {"detail":[{"loc","msg","type"}]}}. */
    RETAINLY(422) {
        @Override
        public Response malformed(final MalformedJson malformed) {
            return json(400, DetailBody.of(malformed));
        }

        @Override
        public Response invalid(final List<Violation> violations) {
            return json(422, DetailBody.of(violations));
        }

        @Override
        public Response invalidHeader(final String header, final String type, final String message) {
            return json(422, DetailBody.ofHeader(header, type, message));
        }
    },
    /** {@code POST /events}: 400 with a JSON string, 422 {@code {"errors":{"data.items.0.name":[…]}}}. */
    RETAINLY_EVENTS(422) {
        @Override
        public Response malformed(final MalformedJson malformed) {
            return json(400, JsonBody.quoted("Invalid JSON data in request body: " + malformed.describe()));
        }

        @Override
        public Response invalid(final List<Violation> violations) {
            return json(422, FieldErrors.dotted(violations));
        }
    },
    /**
     * Retently and catalog routes (their seed is silent): {@code {"errors":{"subscribers[0].email":[…]}}} for
     * 422 and for malformed JSON ({@code body}), so one parser reads both.
     */
    FIELD_ERRORS(422),
    /**
     * Attentive routes: every refusal is a 400 (their seed documents no 422), with the same
     * {@code {"errors":{"user.phone":[…]}}} body as the Retently routes.
     */
    ATTENTIVE(400);

    /** The status of a body or header that breaks the route's rules. */
    private final int invalidStatus;

    ErrorFormat(final int invalidStatus) {
        this.invalidStatus = invalidStatus;
    }

    /** Malformed JSON as {@code {"errors":{"body":[…]}}}, unless the family documents another body. */
    public Response malformed(final MalformedJson malformed) {
        return json(400, FieldErrors.of("body", "Malformed JSON: " + malformed.describe()));
    }

    /** Every violation as {@code {"errors":{"subscribers[0].email":[…]}}}, unless the family documents another body. */
    public Response invalid(final List<Violation> violations) {
        return json(invalidStatus, FieldErrors.bracketed(violations));
    }

    /** A refused header as {@code {"errors":{"Idempotency-Key":[…]}}}, unless the family documents another body. */
    public Response invalidHeader(final String header, final String type, final String message) {
        return json(invalidStatus, FieldErrors.of(header, message));
    }

    private static Response json(final int status, final Object body) {
        return Response.status(status).entity(body).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
