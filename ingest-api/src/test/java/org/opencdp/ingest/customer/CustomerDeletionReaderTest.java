package org.opencdp.ingest.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.opencdp.ingest.TestJson.chars;
import static org.opencdp.ingest.TestJson.object;
import static org.opencdp.ingest.TestJson.parse;
import static org.opencdp.ingest.TestJson.resource;
import static org.opencdp.ingest.TestJson.withList;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencdp.ingest.json.JsonBody;
import org.opencdp.ingest.value.Batch;
import org.opencdp.schemas.values.Limits;
import org.opencdp.schemas.values.Violation;

class CustomerDeletionReaderTest {

    private final CustomerDeletionReader reader = new CustomerDeletionReader(Limits.DEFAULTS);

    @Test
    void shouldReadTheSeedExampleWithItsLeadingZeros() {
        // Given the Retainly seed's DELETE /customers example, verbatim, parsed as the route parses it
        final JsonBody.Parsed parsed = JsonBody.parseAllowingLeadingZeros(
                resource("/seeds/retainly-delete-customers.json").getBytes(StandardCharsets.UTF_8));
        // When read; Then the three ids are the numbers they spell, canonical
        final Batch<String> ids = reader.read(parsed.json());
        assertThat(ids.violations()).isEmpty();
        assertThat(ids.items()).containsExactly("1010011234", "1010011235", "1010011236");
    }

    @Test
    void shouldKeepStringIdsAsSentAndDuplicatesInOrder() {
        final Batch<String> ids = reader.read(parse("{\"customers_ids\":[\"a-1\",1,\"1\",\" b \"]}"));
        assertThat(ids.items()).containsExactly("a-1", "1", "1", " b ");
    }

    @ParameterizedTest(name = "{0} ids -> valid {1}")
    @CsvSource({"1,true", "9999,true", "10000,true", "10001,false", "0,false"})
    void shouldAcceptOneTo10000Ids(final int count, final boolean valid) {
        // Given a body with the given number of ids
        final ObjectNode body = withList(object(), "customers_ids", count, IntNode::valueOf);
        // When read; Then only 1..10000 pass
        final Batch<String> ids = reader.read(body);
        assertThat(ids.isValid()).isEqualTo(valid);
        if (valid) {
            assertThat(ids.items()).hasSize(count);
        } else {
            assertThat(ids.violations()).extracting(v -> v.at().segments()).containsExactly(List.of("customers_ids"));
        }
    }

    @ParameterizedTest(name = "string id of {0} -> valid {1}")
    @CsvSource({"254,true", "255,true", "256,false"})
    void shouldLimitStringIdsTo255Characters(final int length, final boolean valid) {
        assertThat(reader.read(parse("{\"customers_ids\":[\"" + chars(length) + "\"]}")).isValid()).isEqualTo(valid);
    }

    @ParameterizedTest(name = "body {0} -> {1} at {2}")
    @CsvSource(delimiter = '|', value = {
            "[1]|object_type|",
            "{}|missing|customers_ids",
            "{\"customers_ids\":7}|list_type|customers_ids",
            "{\"customers_ids\":[]}|too_short|customers_ids",
            "{\"customers_ids\":[1,null]}|id_type|customers_ids.1",
            "{\"customers_ids\":[1.5]}|id_type|customers_ids.0",
            "{\"customers_ids\":[{\"id\":1}]}|id_type|customers_ids.0",
            "{\"customers_ids\":[\"  \"]}|id_blank|customers_ids.0"})
    void shouldRefuseBodiesOfTheWrongShape(final String json, final String type, final String at) {
        final Batch<String> ids = reader.read(parse(json));
        assertThat(ids.violations()).extracting(v -> v.at().dotted(), Violation::type)
                .containsExactly(tuple(at == null ? "" : at, type));
        assertThat(ids.items()).isEmpty();
    }

    @Test
    void shouldRefuseAControlCharacterOrAnOverlongIntegerInACustomerId() {
        // When
        final Batch<String> ids = reader.read(parse("{\"customers_ids\":[\"a\\u0000b\",\"ok\"," + "9".repeat(300) + "]}"));
        // Then
        assertThat(ids.violations()).extracting(v -> v.at().bracketed(), Violation::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("customers_ids[0]", "id_control_characters"),
                org.assertj.core.groups.Tuple.tuple("customers_ids[2]", "string_too_long"));
    }
}
