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
    RETAINLY {
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
    RETAINLY_EVENTS {
        @Override
        public Response malformed(final MalformedJson malformed) {
            return json(400, JsonBody.quoted("Invalid JSON data in request body: " + malformed.describe()));
        }

        @Override
        public Response invalid(final List<Violation> violations) {
            return json(422, FieldErrors.dotted(violations));
        }

        @Override
        public Response invalidHeader(final String header, final String type, final String message) {
            return json(422, FieldErrors.of(header, message));
        }
    },
    /**
     * Retently and catalog routes (their seed is silent): {@code {"errors":{"subscribers[0].email":[…]}}} for
     * 422 and for malformed JSON ({@code body}), so one parser reads both.
     */
    FIELD_ERRORS {
        @Override
        public Response malformed(final MalformedJson malformed) {
            return json(400, FieldErrors.of("body", "Malformed JSON: " + malformed.describe()));
        }

        @Override
        public Response invalid(final List<Violation> violations) {
            return json(422, FieldErrors.bracketed(violations));
        }

        @Override
        public Response invalidHeader(final String header, final String type, final String message) {
            return json(422, FieldErrors.of(header, message));
        }
    },
    /**
     * Attentive routes: every refusal is a 400 (their seed documents no 422), with the same
     * {@code {"errors":{"user.phone":[…]}}} body as the Retently routes.
     */
    ATTENTIVE {
        @Override
        public Response malformed(final MalformedJson malformed) {
            return json(400, FieldErrors.of("body", "Malformed JSON: " + malformed.describe()));
        }

        @Override
        public Response invalid(final List<Violation> violations) {
            return json(400, FieldErrors.bracketed(violations));
        }

        @Override
        public Response invalidHeader(final String header, final String type, final String message) {
            return json(400, FieldErrors.of(header, message));
        }
    };

    public abstract Response malformed(MalformedJson malformed);

    public abstract Response invalid(List<Violation> violations);

    public abstract Response invalidHeader(String header, String type, String message);

    private static Response json(final int status, final Object body) {
        return Response.status(status).entity(body).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
