package org.opencdp.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.opencdp.ingest.TestJson.chars;
import static org.opencdp.ingest.TestJson.object;
import static org.opencdp.ingest.TestJson.parse;
import static org.opencdp.ingest.TestJson.withList;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencdp.schemas.values.Limits;
import org.opencdp.schemas.values.Violation;

class PropertyDefinitionReaderTest {

    private final PropertyDefinitionReader reader = new PropertyDefinitionReader(Limits.DEFAULTS);

    private static List<String> keys(final DefinitionRequest read) {
        return read.violations().stream().map(v -> v.at().bracketed()).toList();
    }

    private static ObjectNode enumWith(final int values) {
        final ObjectNode body = object().put("type", "enum");
        return withList(body, "enum_values", values, i -> TextNode.valueOf("v" + i));
    }

    @Test
    void shouldReadAnEnumDefinition() {
        // Given the brief's example body for property "tier"
        final DefinitionRequest read = reader.read("tier", parse("{\"type\":\"enum\",\"enum_values\":[\"gold\",\"silver\"]}"));
        // Then the definition, values in order
        assertThat(read.definition()).isEqualTo(new PropertyDefinition("tier", "enum", List.of("gold", "silver")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"string", "integer", "number", "boolean", "date", "collection", "array"})
    void shouldReadEveryOtherTypeWithoutEnumValues(final String type) {
        final DefinitionRequest read = reader.read("p", parse("{\"type\":\"" + type + "\"}"));
        assertThat(read.definition()).isEqualTo(new PropertyDefinition("p", type, List.of()));
    }

    @Test
    void shouldKeepTheNameVerbatim() {
        assertThat(reader.read("Favorite Color", parse("{\"type\":\"string\"}")).definition().name())
                .isEqualTo("Favorite Color");
    }

    @ParameterizedTest(name = "type {0}")
    @ValueSource(strings = {"{}", "{\"type\":null}", "{\"type\":\"String\"}", "{\"type\":\"text\"}", "{\"type\":1}"})
    void shouldRefuseAMissingOrUnknownType(final String body) {
        assertThat(keys(reader.read("p", parse(body)))).containsExactly("type");
    }

    @ParameterizedTest(name = "{0} enum values -> valid {1}")
    @CsvSource({"1,true", "999,true", "1000,true", "1001,false", "0,false"})
    void shouldAcceptOneTo1000EnumValues(final int count, final boolean valid) {
        final DefinitionRequest read = reader.read("tier", enumWith(count));
        assertThat(read.isValid()).isEqualTo(valid);
        if (valid) {
            assertThat(read.definition().enumValues()).hasSize(count);
        } else {
            assertThat(keys(read)).containsExactly("enum_values");
        }
    }

    @ParameterizedTest(name = "enum value of {0} characters -> valid {1}")
    @CsvSource({"1,true", "999,true", "1000,true", "1001,false"})
    void shouldLimitEnumValuesTo1000Characters(final int length, final boolean valid) {
        final DefinitionRequest read = reader.read("tier", parse("{\"type\":\"enum\",\"enum_values\":[\"" + chars(length) + "\"]}"));
        assertThat(read.isValid()).isEqualTo(valid);
    }

    @ParameterizedTest(name = "enum_values {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "null|enum_values|missing",
            "\"gold\"|enum_values|list_type",
            "[\"gold\",\"\"]|enum_values[1]|string_empty",
            "[\"gold\",1]|enum_values[1]|string_type",
            "[\"gold\",\"silver\",\"gold\"]|enum_values[2]|enum_value_duplicate"})
    void shouldRefuseEnumValuesThatAreNotDistinctNonEmptyStrings(final String values, final String at, final String type) {
        final DefinitionRequest read = reader.read("tier", parse("{\"type\":\"enum\",\"enum_values\":" + values + "}"));
        assertThat(read.violations()).extracting(v -> v.at().bracketed(), Violation::type).containsExactly(tuple(at, type));
    }

    @Test
    void shouldRequireEnumValuesForAnEnum() {
        assertThat(keys(reader.read("tier", parse("{\"type\":\"enum\"}")))).containsExactly("enum_values");
    }

    @Test
    void shouldTreatEnumValuesAsCaseSensitive() {
        assertThat(reader.read("tier", parse("{\"type\":\"enum\",\"enum_values\":[\"Gold\",\"gold\"]}")).isValid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"gold\"]", "[]"})
    void shouldRefuseEnumValuesForAnyOtherType(final String values) {
        final DefinitionRequest read = reader.read("p", parse("{\"type\":\"string\",\"enum_values\":" + values + "}"));
        assertThat(read.violations()).extracting(v -> v.at().bracketed(), Violation::type)
                .containsExactly(tuple("enum_values", "enum_values_not_allowed"));
    }

    @ParameterizedTest(name = "name of {0} characters -> valid {1}")
    @CsvSource({"1,true", "199,true", "200,true", "201,false"})
    void shouldLimitNamesTo200Characters(final int length, final boolean valid) {
        assertThat(reader.read(chars(length), parse("{\"type\":\"string\"}")).isValid()).isEqualTo(valid);
        assertThat(reader.deletion(chars(length)).isEmpty()).isEqualTo(valid);
    }

    @ParameterizedTest(name = "name \"{0}\"")
    @ValueSource(strings = {"", "  ", "a\u0000b", "new\nline"})
    void shouldRefuseBlankNamesAndControlCharacters(final String name) {
        assertThat(keys(reader.read(name, parse("{\"type\":\"string\"}")))).containsExactly("name");
        assertThat(reader.deletion(name)).extracting(v -> v.at().bracketed()).containsExactly("name");
    }

    @Test
    void shouldRefuseABodyThatIsNotAnObject() {
        assertThat(keys(reader.read("p", parse("[\"string\"]")))).containsExactly("");
    }

    @Test
    void shouldRefuseAControlCharacterInAPropertyName() {
        assertThat(keys(reader.read("ti\u0000er", parse("{\"type\":\"string\"}")))).containsExactly("name");
        assertThat(reader.deletion("ti\u007fer")).extracting(Violation::type).containsExactly("name_control_characters");
    }
}
