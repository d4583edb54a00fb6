package org.opencdp.ingest.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonBodyTest {

    private static JsonBody.Parsed parse(final String body) {
        return JsonBody.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"a\":}", "{\"a\":1} trailing", "{\"a\":1}{}", "[1,]", "{'a':1}",
            "{\"a\":01}", "nul"})
    void shouldReportMalformedBodies(final String body) {
        final JsonBody.Parsed parsed = parse(body);
        assertThat(parsed.isMalformed()).isTrue();
        assertThat(parsed.malformed().reason()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":\"\\ud800\"}", "{\"name\":\"a\\udc00b\"}", "{\"\\ud83d\":1}",
            "{\"c\":[{\"id\":\"x\\ud83d\"}]}", "[\"\\ude00\\ud83d\"]"})
    void shouldReportALoneSurrogateAsMalformed(final String body) {
        // Given a string escaping half of a surrogate pair (no UTF-8 holds it); When parsed; Then malformed
        final JsonBody.Parsed parsed = parse(body);
        assertThat(parsed.isMalformed()).isTrue();
        assertThat(parsed.malformed().reason()).contains("lone surrogate");
    }

    @Test
    void shouldReportANameRepeatedInOneObjectAsMalformed() {
        // Given a customer named twice in one object (which one was meant cannot be known); When parsed
        final JsonBody.Parsed parsed = parse("{\"customers\":[{\"id\":\"a\",\"plan\":\"pro\",\"id\":\"b\"}]}");
        // Then malformed, naming the field; the same name in two objects is fine
        assertThat(parsed.isMalformed()).isTrue();
        assertThat(parsed.malformed().reason()).contains("id");
        assertThat(parse("{\"customers\":[{\"id\":\"a\"},{\"id\":\"b\"}]}").isMalformed()).isFalse();
    }

    @Test
    void shouldAcceptSurrogatePairsEscapedOrNot() {
        // Given a 4-byte character sent raw and as an escaped pair; Then both are that character
        assertThat(parse("{\"a\":\"𝄞\",\"b\":\"\\ud834\\udd1e\"}").json().get("b").textValue()).isEqualTo("𝄞");
        assertThat(parse("{\"a\":\"𝄞\"}").json().get("a").textValue()).isEqualTo("𝄞");
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
    void shouldReadLeadingZerosAsTheNumberTheySpellOnlyWhenAsked() {
        // Given the Retainly seed's DELETE /customers ids, which strict JSON refuses
        final byte[] body = "{\"customers_ids\":[01010011234,007,0]}".getBytes(StandardCharsets.UTF_8);
        // When parsed strictly; Then malformed
        assertThat(JsonBody.parse(body).isMalformed()).isTrue();
        // When parsed allowing leading zeros; Then the numbers they spell
        final JsonBody.Parsed lenient = JsonBody.parseAllowingLeadingZeros(body);
        assertThat(lenient.isMalformed()).isFalse();
        assertThat(lenient.json().get("customers_ids").get(0).bigIntegerValue()).hasToString("1010011234");
        assertThat(lenient.json().get("customers_ids").get(1).intValue()).isEqualTo(7);
        assertThat(lenient.json().get("customers_ids").get(2).intValue()).isZero();
    }

    @Test
    void shouldStillRefuseOtherSyntaxErrorsWhenAllowingLeadingZeros() {
        assertThat(JsonBody.parseAllowingLeadingZeros("{\"a\":01,}".getBytes(StandardCharsets.UTF_8)).isMalformed())
                .isTrue();
    }

    @Test
    void shouldQuoteAndEscapeStrings() {
        assertThat(JsonBody.quoted("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
    }
}
