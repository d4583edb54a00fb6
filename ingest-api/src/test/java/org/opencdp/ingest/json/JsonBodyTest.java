package org.opencdp.ingest.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonBodyTest {

    private static JsonBody.Parsed parse(final String body) {
        return JsonBody.parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"a\":}", "{\"a\":1} trailing", "{\"a\":1}{}", "[1,]", "{'a':1}",
            "{\"a\":01}", "nul"})
    void shouldReportMalformedBodies(final String body) {
        final JsonBody.Parsed parsed = parse(body);
        assertThat(parsed.isMalformed()).isTrue();
        assertThat(parsed.malformed().reason()).isNotBlank();
    }

    @Test
    void shouldReportNestingBeyondTheParsersLimitAsMalformed() {
        // Given 100,000 nested arrays (a stack-overflow attempt); Then malformed, not an error
        final JsonBody.Parsed parsed = parse("[".repeat(100_000) + "]".repeat(100_000));
        assertThat(parsed.isMalformed()).isTrue();
    }

    @Test
    void shouldReportWhereTheSyntaxErrorIs() {
        final JsonBody.Parsed parsed = parse("{\n\"a\": ]}");
        assertThat(parsed.malformed().line()).isEqualTo(2);
        assertThat(parsed.malformed().offset()).isEqualTo(7);
        assertThat(parsed.malformed().describe()).contains("line 2");
    }

    @Test
    void shouldParseAnyJsonValue() {
        assertThat(parse("{\"customers\":[]}").json().has("customers")).isTrue();
        assertThat(parse("\"text\"").json().isTextual()).isTrue();
    }

    @Test
    void shouldQuoteAndEscapeStrings() {
        assertThat(JsonBody.quoted("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
    }
}
