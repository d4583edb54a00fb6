package org.opencdp.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;
import org.opencdp.ingest.TestJson;
import org.opencdp.ingest.json.MalformedJson;
import org.opencdp.ingest.retainly.DetailBody;
import org.opencdp.schemas.values.Path;
import org.opencdp.schemas.values.Violation;

class ErrorFormatTest {

    private static final Violation EMAIL = new Violation(
            Path.root().field("subscribers").index(0).field("email"), "missing", "is required");
    private static final Violation LABEL = new Violation(
            Path.root().field("subscribers").index(0).field("properties").index(2).field("label"), "name_empty", "is empty");
    private static final Violation WHOLE_BODY = new Violation(Path.root(), "object_type", "must be a JSON object");

    private static String json(final Response response) throws Exception {
        return TestJson.MAPPER.writeValueAsString(response.getEntity());
    }

    @Test
    void shouldNameRetentlyAndCatalogFieldsWithBrackets() throws Exception {
        // Given violations of a subscriber's email and of a property label
        final Response response = ErrorFormat.FIELD_ERRORS.invalid(List.of(EMAIL, LABEL));
        // Then 422 {"errors":{"subscribers[0].email":["is required"], …}}
        assertThat(response.getStatus()).isEqualTo(422);
        assertThat(json(response)).isEqualTo("{\"errors\":{\"subscribers[0].email\":[\"is required\"],"
                + "\"subscribers[0].properties[2].label\":[\"is empty\"]}}");
    }

    @Test
    void shouldNameEventFieldsWithDotsAsBefore() {
        final Response response = ErrorFormat.RETAINLY_EVENTS.invalid(List.of(EMAIL, WHOLE_BODY));
        assertThat(response.getEntity()).isEqualTo(new FieldErrors(Map.of(
                "subscribers.0.email", List.of("is required"), "body", List.of("must be a JSON object"))));
    }

    @Test
    void shouldGroupMessagesOfOneField() {
        final FieldErrors errors = FieldErrors.bracketed(List.of(EMAIL, new Violation(EMAIL.at(), "x", "second")));
        assertThat(errors.errors()).containsExactly(Map.entry("subscribers[0].email", List.of("is required", "second")));
    }

    @Test
    void shouldLocateARefusedHeaderInEachFormat() throws Exception {
        // Given an invalid Idempotency-Key
        // Then Retainly locates it as FastAPI does, the others name it as a field; all 422
        final Response retainly = ErrorFormat.RETAINLY.invalidHeader("Idempotency-Key", "idempotency_key_invalid", "bad");
        assertThat(retainly.getStatus()).isEqualTo(422);
        assertThat(retainly.getEntity()).isEqualTo(new DetailBody(List.of(
                new DetailBody.Entry(List.of("header", "Idempotency-Key"), "bad", "idempotency_key_invalid"))));
        assertThat(json(ErrorFormat.RETAINLY_EVENTS.invalidHeader("Idempotency-Key", "t", "bad")))
                .isEqualTo("{\"errors\":{\"Idempotency-Key\":[\"bad\"]}}");
        assertThat(ErrorFormat.FIELD_ERRORS.invalidHeader("Idempotency-Key", "t", "bad").getStatus()).isEqualTo(422);
    }

    @Test
    void shouldAnswerMalformedJsonWith400InEachFormat() throws Exception {
        final MalformedJson malformed = new MalformedJson("Unexpected end-of-input", 9, 1, 10);
        assertThat(ErrorFormat.RETAINLY.malformed(malformed).getEntity()).isInstanceOf(DetailBody.class);
        // (the events body is the JSON string itself, written as is)
        assertThat(ErrorFormat.RETAINLY_EVENTS.malformed(malformed).getEntity())
                .isEqualTo("\"Invalid JSON data in request body: Unexpected end-of-input at line 1, column 10\"");
        final Response fieldErrors = ErrorFormat.FIELD_ERRORS.malformed(malformed);
        assertThat(fieldErrors.getStatus()).isEqualTo(400);
        assertThat(json(fieldErrors)).startsWith("{\"errors\":{\"body\":[\"Malformed JSON: Unexpected end-of-input");
    }
}
