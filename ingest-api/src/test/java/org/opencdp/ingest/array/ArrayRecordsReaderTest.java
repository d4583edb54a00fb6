package org.opencdp.ingest.array;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.opencdp.ingest.TestJson.chars;
import static org.opencdp.ingest.TestJson.object;
import static org.opencdp.ingest.TestJson.parse;
import static org.opencdp.ingest.TestJson.resource;
import static org.opencdp.ingest.TestJson.withList;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.NestedItem;
import org.opencdp.avro.NestedItemList;
import org.opencdp.avro.ScalarList;
import org.opencdp.ingest.value.Batch;
import org.opencdp.schemas.values.Limits;
import org.opencdp.schemas.values.Violation;

class ArrayRecordsReaderTest {

    private final ArrayRecordsReader reader = new ArrayRecordsReader(Limits.DEFAULTS);

    /** {"records":[…]} with {@code count} valid upsert records. */
    private static ObjectNode upserts(final int count) {
        return withList(object(), "records", count, i -> {
            final ObjectNode record = object().put("customer_id", i).put("field", "purchases");
            record.putArray("data").addObject().put("id", i).put("amount", 1);
            return record;
        });
    }

    private static ObjectNode deletions(final int count) {
        return withList(object(), "records", count, i -> {
            final ObjectNode record = object().put("customer_id", i).put("field", "purchases");
            record.putArray("ids").add(i);
            return record;
        });
    }

    /** One upsert record whose data is {@code data} (JSON). */
    private Batch<ArrayItemsUpsert> upsertOf(final String data) {
        return reader.upserts(parse("{\"records\":[{\"customer_id\":1,\"field\":\"f\",\"data\":" + data + "}]}"));
    }

    private static List<List<Object>> locs(final Batch<?> batch) {
        return batch.violations().stream().map(v -> v.at().segments()).toList();
    }

    @Test
    void shouldReadTheSeedsPostArraysExample() {
        // Given the Retainly seed's POST /arrays example, verbatim
        final Batch<ArrayItemsUpsert> batch = reader.upserts(parse(resource("/seeds/retainly-post-arrays.json")));
        // Then two records, customer ids canonical, items in order with their nested products
        assertThat(batch.violations()).isEmpty();
        assertThat(batch.items()).extracting(ArrayItemsUpsert::customerId, ArrayItemsUpsert::field)
                .containsExactly(tuple("1", "purchases"), tuple("2", "booking"));
        final List<ArrayItem> purchases = batch.items().get(0).items();
        assertThat(purchases).extracting(i -> i.getFields().get("id")).containsExactly(1L, 2L);
        assertThat(purchases.get(0).getFields()).containsEntry("amount", 123L)
                .containsEntry("products", new NestedItemList(List.of(
                        new NestedItem(Map.of("name", "apple")), new NestedItem(Map.of("name", "banana")))));
        final List<ArrayItem> booking = batch.items().get(1).items();
        assertThat(booking).extracting(ArrayItem::getFields).containsExactly(
                Map.of("booking_number", 123L), Map.of("id", 2L, "booking_number", 123L));
    }

    @Test
    void shouldReadTheSeedsDeleteArraysExample() {
        // Given the Retainly seed's DELETE /arrays example, verbatim
        final Batch<ArrayItemsDeletion> batch = reader.deletions(parse(resource("/seeds/retainly-delete-arrays.json")));
        // Then both records, item ids canonical strings
        assertThat(batch.violations()).isEmpty();
        assertThat(batch.items()).containsExactly(new ArrayItemsDeletion("1", "purchases", List.of("1", "2")),
                new ArrayItemsDeletion("1", "purchases", List.of("2")));
    }

    @ParameterizedTest(name = "{0} records -> valid {1}")
    @CsvSource({"1,true", "9999,true", "10000,true", "10001,false", "0,false"})
    void shouldAcceptOneTo10000UpsertRecords(final int count, final boolean valid) {
        final Batch<ArrayItemsUpsert> batch = reader.upserts(upserts(count));
        assertThat(batch.isValid()).isEqualTo(valid);
        if (valid) {
            assertThat(batch.items()).hasSize(count);
        } else {
            assertThat(locs(batch)).containsExactly(List.of("records"));
        }
    }

    @ParameterizedTest(name = "{0} records -> valid {1}")
    @CsvSource({"1,true", "10000,true", "10001,false", "0,false"})
    void shouldAcceptOneTo10000DeleteRecords(final int count, final boolean valid) {
        final Batch<ArrayItemsDeletion> batch = reader.deletions(deletions(count));
        assertThat(batch.isValid()).isEqualTo(valid);
        if (!valid) {
            assertThat(locs(batch)).containsExactly(List.of("records"));
        }
    }

    @Test
    void shouldLocateAnObjectValueExactly() {
        // Given the fourth record's first item with an object value in "x"
        final ObjectNode body = upserts(4);
        ((ObjectNode) body.get("records").get(3).get("data").get(0)).putObject("x").put("a", 1);
        // When read; Then the violation is at records.3.data.0.x
        final Batch<ArrayItemsUpsert> batch = reader.upserts(body);
        assertThat(batch.violations()).extracting(v -> v.at().segments(), Violation::type)
                .containsExactly(tuple(List.of("records", 3, "data", 0, "x"), "object_not_allowed"));
        assertThat(batch.items()).isEmpty();
    }

    @Test
    void shouldAcceptItemValuesUpToOneNestingLevel() {
        // Given an item with scalars, an array of scalars and an array of objects holding scalars and arrays of scalars
        final Batch<ArrayItemsUpsert> batch = upsertOf("""
                [{"s":"v","n":1.5,"b":true,"z":null,"tags":["a",1],"lines":[{"sku":"x","codes":["c1","c2"]}]}]""");
        // Then it is read, the nested level as NestedItemList
        assertThat(batch.violations()).isEmpty();
        assertThat(batch.items().get(0).items().get(0).getFields())
                .containsEntry("tags", new ScalarList(List.of("a", 1L)))
                .containsEntry("lines", new NestedItemList(List.of(new NestedItem(
                        Map.of("sku", "x", "codes", new ScalarList(List.of("c1", "c2")))))));
    }

    @Test
    void shouldRefuseItemValuesNestedDeeperThanOneLevel() {
        final Batch<ArrayItemsUpsert> batch = upsertOf("[{\"lines\":[{\"parts\":[{\"x\":1}]}]}]");
        assertThat(batch.violations()).extracting(v -> v.at().segments(), Violation::type)
                .containsExactly(tuple(List.of("records", 0, "data", 0, "lines", 0, "parts"), "too_deep"));
    }

    @Test
    void shouldRefuseObjectValuesInsideNestedItems() {
        final Batch<ArrayItemsUpsert> batch = upsertOf("[{\"lines\":[{\"o\":{}}]}]");
        assertThat(batch.violations()).extracting(Violation::type).containsExactly("object_not_allowed");
    }

    @ParameterizedTest(name = "string of {0} -> valid {1}")
    @CsvSource({"999,true", "1000,true", "1001,false"})
    void shouldLimitItemStringsTo1000Characters(final int length, final boolean valid) {
        final Batch<ArrayItemsUpsert> batch = upsertOf("[{\"note\":\"" + chars(length) + "\",\"lines\":[{\"s\":\"ok\"}]}]");
        assertThat(batch.isValid()).isEqualTo(valid);
        if (!valid) {
            assertThat(locs(batch)).containsExactly(List.of("records", 0, "data", 0, "note"));
        }
    }

    @Test
    void shouldLimitNestedItemStringsTo1000Characters() {
        final Batch<ArrayItemsUpsert> batch = upsertOf("[{\"lines\":[{\"s\":\"" + chars(1001) + "\"}]}]");
        assertThat(locs(batch)).containsExactly(List.of("records", 0, "data", 0, "lines", 0, "s"));
    }

    @ParameterizedTest(name = "field of {0} characters -> valid {1}")
    @CsvSource({"1,true", "199,true", "200,true", "201,false", "0,false"})
    void shouldLimitFieldNamesTo200Characters(final int length, final boolean valid) {
        final ObjectNode body = upserts(1);
        ((ObjectNode) body.get("records").get(0)).put("field", chars(length));
        final Batch<ArrayItemsUpsert> batch = reader.upserts(body);
        assertThat(batch.isValid()).isEqualTo(valid);
        if (!valid) {
            assertThat(locs(batch)).containsExactly(List.of("records", 0, "field"));
        }
    }

    @ParameterizedTest(name = "data {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "[]|too_short|records.0.data",
            "null|list_type|records.0.data",
            "{}|list_type|records.0.data",
            "[1]|object_type|records.0.data.0",
            "[[{\"a\":1}]]|object_type|records.0.data.0",
            "[{\"id\":1.5}]|id_type|records.0.data.0.id",
            "[{\"id\":true}]|id_type|records.0.data.0.id",
            "[{\"id\":\" \"}]|id_blank|records.0.data.0.id",
            "[{\"id\":9223372036854775808}]|id_type|records.0.data.0.id"})
    void shouldRefuseDataThatIsNotANonEmptyListOfAddressableItems(final String data, final String type,
                                                                  final String at) {
        final Batch<ArrayItemsUpsert> batch = upsertOf(data);
        assertThat(batch.violations()).extracting(v -> v.at().dotted(), Violation::type).containsExactly(tuple(at, type));
    }

    @Test
    void shouldAcceptStringAndIntegerItemIdsAndItemsWithoutId() {
        assertThat(upsertOf("[{\"id\":\"a-1\"},{\"id\":-7},{\"id\":null},{\"x\":1}]").isValid()).isTrue();
    }

    @Test
    void shouldRequireCustomerFieldAndData() {
        // Given a record with none of its fields
        final Batch<ArrayItemsUpsert> batch = reader.upserts(parse("{\"records\":[{}]}"));
        // Then each is reported missing
        assertThat(batch.violations()).extracting(v -> v.at().dotted(), Violation::type).containsExactly(
                tuple("records.0.customer_id", "missing"), tuple("records.0.field", "missing"),
                tuple("records.0.data", "missing"));
    }

    @Test
    void shouldRefuseAFieldThatIsNotAString() {
        final Batch<ArrayItemsUpsert> batch = reader.upserts(
                parse("{\"records\":[{\"customer_id\":1,\"field\":7,\"data\":[{}]}]}"));
        assertThat(batch.violations()).extracting(Violation::type).containsExactly("string_type");
    }

    @ParameterizedTest(name = "ids {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "[]|too_short|records.0.ids",
            "\"1\"|list_type|records.0.ids",
            "[1.5]|id_type|records.0.ids.0",
            "[{\"id\":1}]|id_type|records.0.ids.0",
            "[\"\"]|id_blank|records.0.ids.0"})
    void shouldRefuseIdsThatAreNotANonEmptyListOfIds(final String ids, final String type, final String at) {
        final Batch<ArrayItemsDeletion> batch = reader.deletions(
                parse("{\"records\":[{\"customer_id\":1,\"field\":\"f\",\"ids\":" + ids + "}]}"));
        assertThat(batch.violations()).extracting(v -> v.at().dotted(), Violation::type).containsExactly(tuple(at, type));
    }

    @ParameterizedTest(name = "item id of {0} characters -> valid {1}")
    @CsvSource({"254,true", "255,true", "256,false"})
    void shouldLimitItemIdsTo255Characters(final int length, final boolean valid) {
        // Given the same id in an item to upsert and in a list of ids to delete
        final String id = "\"" + chars(length) + "\"";
        // Then both accept it up to 255 characters
        assertThat(upsertOf("[{\"id\":" + id + "}]").isValid()).isEqualTo(valid);
        assertThat(reader.deletions(parse("{\"records\":[{\"customer_id\":1,\"field\":\"f\",\"ids\":[" + id + "]}]}"))
                .isValid()).isEqualTo(valid);
    }

    @Test
    void shouldCanonicaliseItemIds() {
        final Batch<ArrayItemsDeletion> batch = reader.deletions(
                parse("{\"records\":[{\"customer_id\":\"c\",\"field\":\"f\",\"ids\":[1,\"1\",\"a\",123456789012345678901234567890]}]}"));
        assertThat(batch.items().get(0).itemIds()).containsExactly("1", "1", "a", "123456789012345678901234567890");
    }

    @Test
    void shouldRefuseARecordTooLargeForOneKafkaRecord() {
        // Given one record of 1,200 items of 1,000 characters (~1.2 MB)
        final ObjectNode body = upserts(1);
        withList((ObjectNode) body.get("records").get(0), "data", 1200, i -> object().put("note", chars(1000)));
        // Then it is refused before anything could be published
        assertThat(reader.upserts(body).violations()).extracting(v -> v.at().dotted(), Violation::type)
                .containsExactly(tuple("records.0", "too_large"));
    }

    @Test
    void shouldRefuseRecordsThatAreNotObjects() {
        assertThat(reader.upserts(parse("{\"records\":[1]}")).violations())
                .extracting(v -> v.at().dotted(), Violation::type).containsExactly(tuple("records.0", "object_type"));
    }

    @Test
    void shouldRefuseAControlCharacterInACustomerIdFieldOrItemIdAndANumberOutOfRange() {
        // When
        final Batch<ArrayItemsUpsert> upserts = reader.upserts(parse("""
                {"records":[{"customer_id":"c\\u0000","field":"orders\\n","data":[{"id":"o\\u007f1","n":1e999}]}]}"""));
        final Batch<ArrayItemsDeletion> deletions = reader.deletions(parse("""
                {"records":[{"customer_id":"c1","field":"orders","ids":["o\\u00001"]}]}"""));
        // Then each is named
        assertThat(upserts.violations()).extracting(Violation::type).containsExactlyInAnyOrder(
                "id_control_characters", "name_control_characters", "id_control_characters", "number_out_of_range");
        assertThat(deletions.violations()).extracting(Violation::type).containsExactly("id_control_characters");
    }
}
