package org.opencdp.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.opencdp.ingest.TestJson.chars;
import static org.opencdp.ingest.TestJson.object;
import static org.opencdp.ingest.TestJson.parse;
import static org.opencdp.ingest.TestJson.resource;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.ItemList;
import org.opencdp.ingest.http.FieldErrors;
import org.opencdp.schemas.values.Limits;
import org.opencdp.schemas.values.Violation;

class EventReaderTest {

    private final EventReader reader = new EventReader(Limits.DEFAULTS);

    private static ObjectNode event(final String name) {
        final ObjectNode body = object();
        body.put("customer_id", 42);
        body.put("event", name);
        return body;
    }

    @Test
    void shouldReadTheSeedExample() {
        // Given the Retainly seed's POST /events example, verbatim
        final EventRequest read = reader.read(parse(resource("/seeds/retainly-post-events.json")));
        // Then its customer, name and data, the array of objects included
        assertThat(read.violations()).isEmpty();
        assertThat(read.event().customerId()).isEqualTo("unique customer id");
        assertThat(read.event().name()).isEqualTo("event");
        assertThat(read.event().data()).containsEntry("param1", "value1").containsEntry("param2", "value2")
                .containsEntry("nested_event_array_param", new ItemList(List.of(
                        new ArrayItem(Map.of("nested_array_param1", "value1")),
                        new ArrayItem(Map.of("nested_array_param1", "value2")))));
    }

    @Test
    void shouldCanonicaliseAnIntegerCustomerId() {
        assertThat(reader.read(event("signup")).event().customerId()).isEqualTo("42");
    }

    @Test
    void shouldTreatMissingDataAsEmpty() {
        final EventRequest read = reader.read(event("signup"));
        assertThat(read.event().data()).isEmpty();
    }

    @ParameterizedTest(name = "event of {0} characters -> valid {1}")
    @CsvSource({"1,true", "49,true", "50,true", "51,false"})
    void shouldLimitEventNamesTo50Characters(final int length, final boolean valid) {
        final EventRequest read = reader.read(event(chars(length)));
        assertThat(read.isValid()).isEqualTo(valid);
        if (!valid) {
            assertThat(read.violations()).extracting(v -> v.at().dotted()).containsExactly("event");
        }
    }

    @ParameterizedTest(name = "{0} data fields -> valid {1}")
    @CsvSource({"49,true", "50,true", "51,false"})
    void shouldLimitDataTo50Fields(final int fields, final boolean valid) {
        final ObjectNode body = event("signup");
        final ObjectNode data = body.putObject("data");
        for (int i = 0; i < fields; i++) {
            data.put("p" + i, i);
        }
        final EventRequest read = reader.read(body);
        assertThat(read.isValid()).isEqualTo(valid);
        if (!valid) {
            assertThat(read.violations()).extracting(v -> v.at().dotted(), Violation::type)
                    .containsExactly(tuple("data", "too_many_fields"));
        }
    }

    @ParameterizedTest(name = "data string of {0} -> valid {1}")
    @CsvSource({"999,true", "1000,true", "1001,false"})
    void shouldLimitDataStringsTo1000Characters(final int length, final boolean valid) {
        final ObjectNode body = event("signup");
        body.putObject("data").put("p", chars(length));
        assertThat(reader.read(body).isValid()).isEqualTo(valid);
    }

    @Test
    void shouldRefuseObjectValuedDataFields() {
        final EventRequest read = reader.read(parse("""
                {"customer_id":"c","event":"e","data":{"o":{"a":1}}}"""));
        assertThat(read.violations()).extracting(v -> v.at().dotted(), Violation::type)
                .containsExactly(tuple("data.o", "object_not_allowed"));
    }

    @Test
    void shouldListEveryViolationByField() {
        // Given a body with no customer id, a non-string event and data that is not an object
        final EventRequest read = reader.read(parse("{\"event\":7,\"data\":[1]}"));
        // Then each field has its message
        assertThat(FieldErrors.dotted(read.violations()).errors()).containsOnlyKeys("customer_id", "event", "data");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "[]|body",
            "{\"customer_id\":1}|event",
            "{\"customer_id\":1,\"event\":\"\"}|event",
            "{\"customer_id\":1,\"event\":null}|event",
            "{\"customer_id\":true,\"event\":\"e\"}|customer_id",
            "{\"customer_id\":\" \",\"event\":\"e\"}|customer_id",
            "{\"customer_id\":1,\"event\":\"e\",\"data\":\"text\"}|data",
            "{\"customer_id\":1,\"event\":\"e\",\"data\":{\"a\":[[1]]}}|data.a.0"})
    void shouldNameTheFieldOfEachViolation(final String json, final String field) {
        final EventRequest read = reader.read(parse(json));
        assertThat(FieldErrors.dotted(read.violations()).errors()).containsOnlyKeys(field);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"customer_id\":\"c\\u00001\",\"event\":\"signup\"}|id_control_characters",
            "{\"customer_id\":\"c1\",\"event\":\"sign\\nup\"}|name_control_characters",
            "{\"customer_id\":\"c1\",\"event\":\"sign\\u007fup\"}|name_control_characters",
            "{\"customer_id\":\"c1\",\"event\":\"signup\",\"data\":{\"a\\tb\":1}}|name_control_characters",
            "{\"customer_id\":\"c1\",\"event\":\"signup\",\"data\":{\"n\":1e99999999999}}|number_out_of_range"})
    void shouldRefuseAHostileIdNameOrNumber(final String json, final String type) {
        // When
        final EventRequest read = reader.read(parse(json));
        // Then
        assertThat(read.violations()).extracting(Violation::type).containsExactly(type);
    }
}
