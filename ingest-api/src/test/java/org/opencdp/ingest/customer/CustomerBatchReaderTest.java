package org.opencdp.ingest.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.opencdp.ingest.TestJson.array;
import static org.opencdp.ingest.TestJson.chars;
import static org.opencdp.ingest.TestJson.object;
import static org.opencdp.ingest.TestJson.parse;
import static org.opencdp.ingest.TestJson.resource;
import static org.opencdp.ingest.TestJson.withList;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencdp.avro.ItemList;
import org.opencdp.avro.NestedItemList;
import org.opencdp.avro.ScalarList;
import org.opencdp.schemas.values.Limits;
import org.opencdp.schemas.values.Violation;
import org.opencdp.schemas.Topics;

class CustomerBatchReaderTest {

    private final CustomerBatchReader reader = new CustomerBatchReader(Limits.DEFAULTS);

    private static ObjectNode body(final ObjectNode... customers) {
        final ObjectNode body = object();
        body.putArray("customers").addAll(List.of(customers));
        return body;
    }

    /** Reads a batch of the one customer whose JSON is {@code customer}. */
    private CustomerBatch readOne(final String customer) {
        return reader.read(parse("{\"customers\":[" + customer + "]}"));
    }

    private static ObjectNode customer(final Object id) {
        final ObjectNode customer = object();
        if (id instanceof Integer i) {
            customer.put("id", i);
        } else {
            customer.put("id", (String) id);
        }
        return customer;
    }

    private static List<List<Object>> locs(final CustomerBatch batch) {
        return batch.violations().stream().map(v -> v.at().segments()).toList();
    }

    @Test
    void shouldReadTheSeedExampleIntoTypedRawValues() {
        // Given the Retainly seed's POST /customers example, verbatim
        final CustomerBatch batch = reader.read(parse(resource("/seeds/retainly-post-customers.json")));
        // Then both customers are read, ids canonical, values typed, id not an attribute
        assertThat(batch.violations()).isEmpty();
        assertThat(batch.customers()).extracting(CustomerUpsert::customerId).containsExactly("1", "2");
        final CustomerUpsert first = batch.customers().get(0);
        assertThat(first.attributes()).doesNotContainKey("id");
        assertThat(first.attributes()).containsEntry("customer_field_string", "value")
                .containsEntry("customer_field_boolean", true)
                .containsEntry("customer_field_number", 1L)
                .containsEntry("customer_field_date_time", "2022-02-25T21:00:00.000Z")
                .containsEntry("customer_field_date", "2022-02-25")
                .containsEntry("customer_field_array_with_linears", new ScalarList(List.of("one", "two", "three")));
        final ItemList objects = (ItemList) batch.customers().get(1).attributes().get("customer_field_array_with_objects");
        assertThat(objects.getItems()).hasSize(2);
        assertThat(objects.getItems().get(0).getFields().get("object_field_array_with_nested_array"))
                .isInstanceOf(NestedItemList.class);
        assertThat(objects.getItems().get(1).getFields()).containsEntry("object_field_number", 2L);
    }

    @Test
    void shouldCanonicaliseIntegerAndStringIdsToTheSameCustomer() {
        // Given the same customer sent once as 1 and once as "1"
        final CustomerBatch batch = reader.read(body(customer(1), customer("1")));
        // Then both name customer "1"
        assertThat(batch.customers()).extracting(CustomerUpsert::customerId).containsExactly("1", "1");
    }

    @Test
    void shouldKeepStringIdsAsSent() {
        final CustomerBatch batch = reader.read(body(customer(" A-1 ")));
        assertThat(batch.customers()).extracting(CustomerUpsert::customerId).containsExactly(" A-1 ");
    }

    @Test
    void shouldKeepNullAsAClearingValue() {
        final ObjectNode c = customer(7);
        c.putNull("plan");
        final CustomerBatch batch = reader.read(body(c));
        assertThat(batch.customers().get(0).attributes()).containsEntry("plan", null);
    }

    @ParameterizedTest(name = "{0} customers -> valid {1}")
    @CsvSource({"1,true", "9999,true", "10000,true", "10001,false", "0,false"})
    void shouldAcceptOneTo10000Customers(final int count, final boolean valid) {
        // Given a body with the given number of customers
        final ObjectNode body = withList(object(), "customers", count, i -> customer(i));
        // When read; Then only 1..10000 pass
        final CustomerBatch batch = reader.read(body);
        assertThat(batch.isValid()).isEqualTo(valid);
        if (valid) {
            assertThat(batch.customers()).hasSize(count);
        } else {
            assertThat(locs(batch)).containsExactly(List.of("customers"));
        }
    }

    @ParameterizedTest(name = "{0} fields -> valid {1}")
    @CsvSource({"499,true", "500,true", "501,false"})
    void shouldAcceptAtMost500FieldsIdIncluded(final int fields, final boolean valid) {
        // Given a customer with id plus (fields - 1) attributes
        final ObjectNode c = customer(1);
        for (int i = 1; i < fields; i++) {
            c.put("f" + i, i);
        }
        // When read; Then over 500 is refused on the customer
        final CustomerBatch batch = reader.read(body(c));
        assertThat(batch.isValid()).isEqualTo(valid);
        if (!valid) {
            assertThat(batch.violations()).extracting(v -> v.at().segments(), Violation::type)
                    .containsExactly(tuple(List.of("customers", 0), "too_many_fields"));
        }
    }

    @ParameterizedTest(name = "{0} array fields -> valid {1}")
    @CsvSource({"14,true", "15,true", "16,false"})
    void shouldAcceptAtMost15ArrayFields(final int arrays, final boolean valid) {
        final ObjectNode c = customer(1);
        for (int i = 0; i < arrays; i++) {
            c.putArray("a" + i).add(i);
        }
        c.put("scalar", "not an array");
        final CustomerBatch batch = reader.read(body(c));
        assertThat(batch.isValid()).isEqualTo(valid);
        if (!valid) {
            assertThat(batch.violations()).extracting(Violation::type).containsExactly("too_many_array_fields");
        }
    }

    @ParameterizedTest(name = "string of {0} -> valid {1}")
    @CsvSource({"999,true", "1000,true", "1001,false"})
    void shouldLimitStringValuesTo1000Characters(final int length, final boolean valid) {
        final ObjectNode c = customer(1);
        c.put("s", chars(length));
        final CustomerBatch batch = reader.read(body(c));
        assertThat(batch.isValid()).isEqualTo(valid);
        if (!valid) {
            assertThat(locs(batch)).containsExactly(List.of("customers", 0, "s"));
        }
    }

    @ParameterizedTest(name = "string id of {0} -> valid {1}")
    @CsvSource({"1,true", "254,true", "255,true", "256,false"})
    void shouldLimitStringIdsTo255Characters(final int length, final boolean valid) {
        final CustomerBatch batch = reader.read(body(customer(chars(length))));
        assertThat(batch.isValid()).isEqualTo(valid);
    }

    @ParameterizedTest(name = "id {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"name\":\"no id\"}|missing",
            "{\"id\":null}|id_type",
            "{\"id\":true}|id_type",
            "{\"id\":1.5}|id_type",
            "{\"id\":{\"a\":1}}|id_type",
            "{\"id\":[1]}|id_type",
            "{\"id\":\"\"}|id_blank",
            "{\"id\":\"   \"}|id_blank"})
    void shouldRefuseMissingOrInvalidIds(final String customer, final String type) {
        final CustomerBatch batch = readOne(customer);
        assertThat(batch.violations()).extracting(v -> v.at().segments(), Violation::type)
                .containsExactly(tuple(List.of("customers", 0, "id"), type));
    }

    @Test
    void shouldCanonicaliseIntegersBeyondALong() {
        final CustomerBatch batch = reader.read(parse("{\"customers\":[{\"id\":123456789012345678901234567890}]}"));
        assertThat(batch.customers()).extracting(CustomerUpsert::customerId)
                .containsExactly("123456789012345678901234567890");
    }

    @Test
    void shouldListEveryViolationOfEveryCustomer() {
        // Given three customers: a good one, one without id and an object value, one with a long string
        final CustomerBatch batch = reader.read(parse("""
                {"customers":[
                  {"id":1,"ok":"fine"},
                  {"plan":{"nested":"object"}},
                  {"id":3,"s":"%s","deep":[{"a":[{"b":[{"c":1}]}]}]}
                ]}""".formatted(chars(1001))));
        // Then every violation is listed with its place, and no customer is returned
        assertThat(batch.customers()).isEmpty();
        assertThat(batch.violations()).extracting(v -> v.at().segments(), Violation::type).containsExactly(
                tuple(List.of("customers", 1, "id"), "missing"),
                tuple(List.of("customers", 1, "plan"), "object_not_allowed"),
                tuple(List.of("customers", 2, "s"), "string_too_long"),
                tuple(List.of("customers", 2, "deep", 0, "a", 0, "b"), "too_deep"));
    }

    @ParameterizedTest(name = "body {0} -> {1} at {2}")
    @CsvSource(delimiter = '|', value = {
            "[]|object_type|",
            "\"customers\"|object_type|",
            "{}|missing|customers",
            "{\"customers\":null}|list_type|customers",
            "{\"customers\":{}}|list_type|customers",
            "{\"customers\":[]}|too_short|customers",
            "{\"customers\":[1]}|object_type|customers.0"})
    void shouldRefuseBodiesOfTheWrongShape(final String json, final String type, final String at) {
        final CustomerBatch batch = reader.read(parse(json));
        assertThat(batch.violations()).extracting(v -> v.at().dotted(), Violation::type)
                .containsExactly(tuple(at == null ? "" : at, type));
    }

    @Test
    void shouldRefuseACustomerTooLargeForOneKafkaRecord() {
        // Given a customer within every per-value limit but with ~1.2 MB of array items
        final ObjectNode c = customer(1);
        withList(c, "orders", 1200, i -> object().put("note", chars(1000)));
        // When read; Then it is refused as too large, before anything could be published
        final CustomerBatch batch = reader.read(body(c));
        assertThat(batch.violations()).extracting(v -> v.at().segments(), Violation::type)
                .containsExactly(tuple(List.of("customers", 0), "too_large"));
    }

    @Test
    void shouldRefuseACustomerLargerThanTheProjectorsPerProfileBound() {
        // Given one customer of 450 fields of 1,000 "é" (within every per-value limit; about 900 KB encoded)
        final ObjectNode c = customer(1);
        for (int i = 0; i < 450; i++) {
            c.put("f" + i, "é".repeat(1000));
        }
        // When read; Then it is refused as too large, naming the per-profile bound
        final CustomerBatch batch = reader.read(body(c));
        assertThat(batch.violations()).singleElement().satisfies(v -> {
            assertThat(v.type()).isEqualTo("too_large");
            assertThat(v.message()).contains(Integer.toString(Topics.DEFAULT_MAX_PROFILE_BYTES));
        });
    }

    @Test
    void shouldAcceptTheLargestCustomerOfScalarFields() {
        // Given 499 attributes of 1000 ASCII characters (~500 KB encoded)
        final ObjectNode c = customer(1);
        for (int i = 1; i < 500; i++) {
            c.put("field_" + i, chars(1000));
        }
        // Then it fits one record
        assertThat(reader.read(body(c)).isValid()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"id\":\"a\\u0000b\"}|id_control_characters",
            "{\"id\":\"a\\nb\"}|id_control_characters",
            "{\"id\":\"a\\u007fb\"}|id_control_characters",
            "{\"id\":1,\"na\\u0000me\":1}|name_control_characters",
            "{\"id\":1,\"n\":1e99999999999}|number_out_of_range",
            "{\"id\":1,\"n\":1e400}|number_out_of_range",
            "{\"id\":1,\"n\":123456789012345678901234567890123456789012}|number_out_of_range",
            "{\"id\":1,\"l\":[1e999]}|number_out_of_range"})
    void shouldRefuseAHostileIdNameOrNumber(final String customer, final String type) {
        // When
        final CustomerBatch batch = readOne(customer);
        // Then the one violation is named where it is
        assertThat(batch.violations()).extracting(Violation::type).containsExactly(type);
    }

    @Test
    void shouldKeepNumbersAtTheBoundsAndControlCharactersInsideValues() {
        // When
        final CustomerBatch batch = reader.read(parse("""
                {"customers":[{"id":1,"big":1e308,"small":1e-308,"wide":1234567890123456789012345678901234567890,
                               "address":"1 Main St\\nSpringfield"}]}"""));
        // Then
        assertThat(batch.violations()).isEmpty();
        assertThat(batch.customers().get(0).attributes()).containsEntry("big", 1e308).containsEntry("small", 1e-308)
                .containsEntry("address", "1 Main St\nSpringfield");
    }
}
