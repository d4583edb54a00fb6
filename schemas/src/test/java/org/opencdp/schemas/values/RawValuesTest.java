package org.opencdp.schemas.values;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.ItemList;
import org.opencdp.avro.NestedItem;
import org.opencdp.avro.NestedItemList;
import org.opencdp.avro.ScalarList;

/** Both directions: reading callers' JSON (formerly ingest-api's test) and making values plain (formerly the trigger's). */
class RawValuesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RawValues values = new RawValues(Limits.DEFAULTS);
    private final Violations violations = new Violations();

    private Object read(final String json) {
        return values.value(parse(json), Path.root().field("f"), violations);
    }

    private List<String> violationTypes() {
        return violations.list().stream().map(Violation::type).toList();
    }

    @Test
    void shouldReadScalarsAsTheirRawTypes() {
        // Given JSON scalars of every kind; When read; Then each has its raw Avro type
        assertThat(read("true")).isEqualTo(Boolean.TRUE);
        assertThat(read("42")).isEqualTo(42L);
        assertThat(read("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(read("1.5")).isEqualTo(1.5d);
        assertThat(read("1.0")).isEqualTo(1.0d);
        assertThat(read("\"text\"")).isEqualTo("text");
        assertThat(read("\"\"")).isEqualTo("");
        assertThat(read("null")).isNull();
        assertThat(violations.isEmpty()).isTrue();
    }

    @Test
    void shouldReadAnIntegerBeyondALongAsADouble() {
        // Given an integer one past Long.MAX_VALUE; When read; Then it is the nearest double
        assertThat(read("9223372036854775808")).isEqualTo(9.223372036854775808E18d);
        assertThat(violations.isEmpty()).isTrue();
    }

    @Test
    void shouldRefuseANumberBeyondADouble() {
        // Given a number no double can hold; When read; Then it is refused, not turned into infinity
        read("1e400");
        assertThat(violationTypes()).containsExactly("number_out_of_range");
    }

    @ParameterizedTest(name = "{0} characters -> {1} violation(s)")
    @CsvSource({"999,0", "1000,0", "1001,1"})
    void shouldLimitStringsTo1000Characters(final int length, final int expectedViolations) {
        // Given a string of the given length; When read; Then only over 1000 is refused
        read("\"" + chars(length) + "\"");
        assertThat(violations.count()).isEqualTo(expectedViolations);
    }

    @Test
    void shouldCountCharactersNotUtf16Units() {
        // Given 1000 emoji (2000 UTF-16 units); When read; Then it is 1000 characters, within the limit
        read("\"" + "\uD83D\uDE00".repeat(1000) + "\"");
        assertThat(violations.isEmpty()).isTrue();
    }

    @Test
    void shouldLimitStringsInsideArraysAndNestedItems() {
        // Given over-long strings in a scalar array, an item and a nested item
        final String tooLong = "\"" + chars(1001) + "\"";
        read("[" + tooLong + "]");
        read("[{\"a\":" + tooLong + "}]");
        read("[{\"a\":[{\"b\":" + tooLong + "}]}]");
        // Then each is refused where it sits
        assertThat(violations.list()).extracting(v -> v.at().dotted())
                .containsExactly("f.0", "f.0.a", "f.0.a.0.b");
    }

    @Test
    void shouldReadAnArrayOfScalarsAsAScalarList() {
        // Given an array of mixed scalars; When read; Then a ScalarList of raw values in order
        assertThat(read("[\"one\", 2, 2.5, true, null]"))
                .isEqualTo(new ScalarList(Arrays.asList("one", 2L, 2.5d, true, null)));
    }

    @Test
    void shouldReadAnEmptyArrayAsAnEmptyScalarList() {
        assertThat(read("[]")).isEqualTo(new ScalarList(List.of()));
    }

    @Test
    void shouldReadArraysOfObjectsWithOneNestedLevel() {
        // Given the seed's array of objects whose first item holds an array of objects and one of scalars
        final Object raw = read("""
                [{"s":"value","n":1,"nested":[{"x":true,"tags":["a"]}]},{"s":"other"}]""");
        // Then items and nested items keep their fields, in order
        assertThat(raw).isEqualTo(new ItemList(List.of(
                new ArrayItem(Map.of("s", "value", "n", 1L, "nested", new NestedItemList(List.of(
                        new NestedItem(Map.of("x", true, "tags", new ScalarList(List.of("a")))))))),
                new ArrayItem(Map.of("s", "other")))));
        assertThat(((ItemList) raw).getItems().get(0).getFields().keySet()).containsExactly("s", "n", "nested");
        assertThat(violations.isEmpty()).isTrue();
    }

    @Test
    void shouldRefuseArraysOfObjectsDeeperThanOneNestedLevel() {
        // Given an array of objects inside a nested item; When read; Then too deep
        read("[{\"nested\":[{\"deeper\":[{\"x\":1}]}]}]");
        assertThat(violations.list()).extracting(Violation::type, v -> v.at().dotted())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("too_deep", "f.0.nested.0.deeper"));
    }

    @Test
    void shouldRefuseObjectValuesAtEveryLevel() {
        // Given object values as the field, in an item and in a nested item
        read("{\"a\":1}");
        read("[{\"o\":{}}]");
        read("[{\"n\":[{\"o\":{}}]}]");
        // Then each is refused
        assertThat(violations.list()).extracting(v -> v.at().dotted()).containsExactly("f", "f.0.o", "f.0.n.0.o");
        assertThat(violationTypes()).containsOnly("object_not_allowed");
    }

    @Test
    void shouldRefuseArraysMixingScalarsAndObjects() {
        read("[1, {\"a\":1}]");
        assertThat(violationTypes()).containsExactly("mixed_array");
    }

    @Test
    void shouldRefuseArraysOfArrays() {
        read("[[1,2],3]");
        assertThat(violations.list()).extracting(Violation::type, v -> v.at().dotted())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("nested_array", "f.0"));
    }

    @ParameterizedTest(name = "name of {0} characters -> {1} violation(s)")
    @CsvSource({"1,0", "200,0", "201,1", "0,1"})
    void shouldLimitFieldNamesTo200Characters(final int length, final int expectedViolations) {
        values.name(chars(length), Path.root().field("n"), violations);
        assertThat(violations.count()).isEqualTo(expectedViolations);
    }

    @ParameterizedTest(name = "name \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {"'   '|name_empty", "'a\u0000b'|name_control_characters",
            "'line\nbreak'|name_control_characters"})
    void shouldRefuseBlankNamesAndControlCharacters(final String name, final String type) {
        // Given names the projector would refuse; When checked; Then refused here already
        values.name(name, Path.root().field("n"), violations);
        assertThat(violationTypes()).containsExactly(type);
    }

    @Test
    void shouldReadAnArrayItemWithItsIdAndOneNestedLevel() {
        // Given an item with an integer id and a nested array of objects
        final ArrayItem item = values.item(parse("{\"id\":7,\"lines\":[{\"sku\":\"a\"}]}"), Path.root(), violations);
        // Then its fields, the nested level as a NestedItemList
        assertThat(item).isEqualTo(new ArrayItem(Map.of("id", 7L,
                "lines", new NestedItemList(List.of(new NestedItem(Map.of("sku", "a")))))));
        assertThat(violations.isEmpty()).isTrue();
    }

    @Test
    void shouldRefuseAnArrayItemThatIsNotAnObject() {
        assertThat(values.item(parse("[1]"), Path.root().field("data").index(0), violations)).isNull();
        assertThat(violationTypes()).containsExactly("object_type");
    }

    @ParameterizedTest(name = "item id {0} -> {1} violation(s)")
    @CsvSource(delimiter = '|', value = {"1|0", "-9223372036854775808|0", "\"a\"|0", "null|0", "1.5|1", "true|1",
            "\"\"|1", "9223372036854775808|1", "[1]|1"})
    void shouldAcceptOnlyStringAndIntegerIdsOfAttributeItems(final String id, final int expectedViolations) {
        // Given an attribute holding one item with the given id; When read as an attribute
        values.attribute(parse("[{\"id\":" + id + "}]"), Path.root().field("f"), violations);
        // Then only ids the projector can address pass
        assertThat(violations.count()).isEqualTo(expectedViolations);
    }

    @Test
    void shouldNotCheckItemIdsInEventData() {
        // Given event data whose array items carry a decimal "id": events never address items
        read("[{\"id\":1.5}]");
        assertThat(violations.isEmpty()).isTrue();
    }

    @Test
    void shouldTurnListsAndItemsIntoPlainJsonValues() {
        // Given an item list whose item holds a scalar list and a nested item list
        final Map<String, Object> fields = new HashMap<>();
        fields.put("id", "o-1");
        fields.put("skus", new ScalarList(Arrays.asList("a", null, 3L)));
        fields.put("lines", new NestedItemList(List.of(new NestedItem(Map.of("qty", 2L)))));
        final Map<String, Object> values = new HashMap<>();
        values.put("orders", new ItemList(List.of(new ArrayItem(fields))));
        values.put("none", null);

        // When it is made plain
        final Map<String, Object> plain = RawValues.plain(values);

        // Then lists become lists and items maps, with nulls kept
        final Map<String, Object> order = new HashMap<>();
        order.put("id", "o-1");
        order.put("skus", Arrays.asList("a", null, 3L));
        order.put("lines", List.of(Map.of("qty", 2L)));
        final Map<String, Object> expected = new HashMap<>();
        expected.put("orders", List.of(order));
        expected.put("none", null);
        assertThat(plain).isEqualTo(expected);
    }

    private static JsonNode parse(final String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A string of {@code n} characters. */
    private static String chars(final int n) {
        return "x".repeat(n);
    }
}
