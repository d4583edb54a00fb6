package org.opencdp.ingest.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.SignUpSource;
import org.opencdp.schemas.values.Limits;
import org.opencdp.schemas.values.Path;
import org.opencdp.schemas.values.Violation;
import org.opencdp.schemas.values.Violations;

class AttentiveUserReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AttentiveUserReader reader = new AttentiveUserReader(Limits.DEFAULTS);

    private static JsonNode json(final String text) throws Exception {
        return JSON.readTree(text);
    }

    private static List<String> fields(final List<Violation> violations) {
        return violations.stream().map(v -> v.at().bracketed()).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+19148440001", "+442071838750", "+551155256325"})
    void shouldAcceptTheSeedsValidPhones(final String phone) throws Exception {
        // When
        final var write = reader.userAttributes(json("{\"identifiers\":{\"phone\":\"" + phone + "\"}}"));
        // Then
        assertThat(write.violations()).isEmpty();
        assertThat(write.identifiers()).containsExactly(new Identifier("phone", null, phone));
    }

    @ParameterizedTest
    @ValueSource(strings = {"19148440001", "+1---914---844---0001", "1 () 914 844 0001", "+1234567", "+1234567890123456"})
    void shouldRefuseTheSeedsInvalidPhones(final String phone) throws Exception {
        // When
        final var write = reader.userAttributes(json("{\"identifiers\":{\"phone\":\"" + phone + "\"}}"));
        // Then
        assertThat(fields(write.violations())).containsExactly("identifiers.phone");
    }

    @Test
    void shouldReadEveryIdentifierOfTheCustomAttributesRouteAndDropNullAndEmptyOnes() throws Exception {
        // When
        final var write = reader.customAttributes(json("""
                {"properties":{"Age":"24"},"user":{"phone":null,"email":" Ann@Example.COM ",
                 "externalIdentifiers":{"clientUserId":42,"customIdentifiers":[{"name":"loyalty","value":"L-7"},
                 {"name":"shop","value":""}]}}}"""));
        // Then
        assertThat(write.violations()).isEmpty();
        assertThat(write.identifiers()).containsExactly(new Identifier("email", null, "ann@example.com"),
                new Identifier("customer_id", null, "42"), new Identifier("custom", "loyalty", "L-7"));
        assertThat(write.attributes()).containsEntry("Age", "24");
    }

    @Test
    void shouldRefuseARequestWhoseIdentifiersAreAllNullOrEmpty() throws Exception {
        // When
        final var write = reader.userAttributes(json("{\"identifiers\":{\"email\":\"\",\"phone\":null,\"clientUserId\":\"\"}}"));
        // Then
        assertThat(write.violations()).singleElement().satisfies(v -> assertThat(v.type()).isEqualTo("identifier_required"));
    }

    @Test
    void shouldRefuseArrayAndObjectValuesAndLongNames() throws Exception {
        // When
        final var write = reader.customAttributes(json("{\"properties\":{\"favorite_city\":[\"chicago\",\"new york\"],"
                + "\"home\":{\"favorite city\":\"Boston\"},\"" + "n".repeat(201) + "\":1,\"ok\":1},"
                + "\"user\":{\"email\":\"a@b.c\"}}"));
        // Then
        assertThat(fields(write.violations())).containsExactlyInAnyOrder("properties.favorite_city", "properties.home",
                "properties." + "n".repeat(201));
    }

    @Test
    void shouldRequireThePhoneForTextAndTheEmailForEmailSubscriptions() throws Exception {
        // When
        final var write = reader.userAttributes(json("""
                {"subscriptions":[{"type":"MARKETING","channel":"TEXT","locale":"en-US"},
                                  {"type":"TRANSACTIONAL","channel":"EMAIL","signUpSourceId":"s1"},
                                  {"type":"OTHER","channel":"FAX"}],
                 "identifiers":{"clientUserId":"7"}}"""));
        // Then
        assertThat(fields(write.violations())).containsExactly("subscriptions[2].type", "subscriptions[2].channel",
                "subscriptions[0].channel", "subscriptions[1].channel");
    }

    private static SignUpSource source(final String id, final String type, final String locale, final String method) {
        return new SignUpSource("demo", id, id, type, locale, method, Instant.parse("2024-05-01T10:00:00Z"));
    }

    private static AttentiveUserReader.SubscriptionRequest optIn(final String sourceId, final String locale) {
        return new AttentiveUserReader.SubscriptionRequest("MARKETING", "TEXT", sourceId, locale, Path.root().index(0));
    }

    @Test
    void shouldFindTheOneApiSignUpSourceMatchingLocaleAndType() {
        // Given
        final List<SignUpSource> sources = List.of(source("web", "MARKETING", "en-US", "API"),
                source("shop", "MARKETING", "en-US", "KEYWORD"), source("fr", "MARKETING", "fr-FR", "API"));
        final Violations violations = new Violations();
        // When / Then
        assertThat(AttentiveRules.signUpSource(optIn(null, "en-US"), sources, violations)).contains("web");
        assertThat(AttentiveRules.signUpSource(optIn("fr", null), sources, violations)).contains("fr");
        assertThat(violations.isEmpty()).isTrue();
    }

    @Test
    void shouldRefuseAnOptInMatchingNoneOrSeveralSourcesOrNamingAnUnknownOne() {
        // Given
        final List<SignUpSource> twice = List.of(source("a", "MARKETING", "en-US", "API"), source("b", "MARKETING", "en-US", "API"));
        final Violations violations = new Violations();
        // When
        AttentiveRules.signUpSource(optIn(null, "en-US"), twice, violations);
        AttentiveRules.signUpSource(optIn(null, "de-DE"), twice, violations);
        AttentiveRules.signUpSource(optIn("nope", null), twice, violations);
        AttentiveRules.signUpSource(optIn(null, null), twice, violations);
        // Then
        assertThat(violations.list()).extracting(Violation::type).containsExactly("sign_up_source_match",
                "sign_up_source_match", "unknown_sign_up_source", "sign_up_source_required");
    }

    @Test
    void shouldRefuseAValueThatIsNotOneOfAnEnumsValues() {
        // Given
        final Map<String, AttentiveRules.Property> catalog = Map.of("Age group",
                new AttentiveRules.Property("enum", List.of("Adult", "Teen", "Children's")));
        final Violations violations = new Violations();
        // When
        AttentiveRules.enums(catalog, Map.of("Age group", "teen"), Path.root().field("attributes"), violations);
        AttentiveRules.enums(catalog, Map.of("Age group", "Teen"), Path.root().field("attributes"), violations);
        // Then
        assertThat(fields(violations.list())).containsExactly("attributes.Age group");
    }

    @Test
    void shouldNameTheFirstAttributePastTheCustomAttributeLimit() {
        // Given a catalog of 99
        final Map<String, AttentiveRules.Property> catalog = new java.util.HashMap<>();
        for (int i = 0; i < 99; i++) {
            catalog.put("p" + i, new AttentiveRules.Property("string", List.of()));
        }
        final Map<String, Object> attributes = new java.util.LinkedHashMap<>();
        attributes.put("p1", "x");
        attributes.put("new_1", "x");
        attributes.put("new_2", "x");
        final Violations violations = new Violations();
        // When
        AttentiveRules.customAttributeLimit(catalog, attributes, 100, Path.root().field("attributes"), violations);
        // Then the 100th is allowed, the 101st named
        assertThat(fields(violations.list())).containsExactly("attributes.new_2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e99999999999", "-1E+400", "1e-400", "123456789012345678901234567890123456789012"})
    void shouldRefuseANumericStringOutOfRangeOnBothRoutes(final String value) throws Exception {
        // When the Attentive family, which reads "24" as a number, gets a numeric string past the bounds
        final var custom = reader.customAttributes(json("{\"properties\":{\"bomb\":\"" + value
                + "\"},\"user\":{\"email\":\"b@x.io\"}}"));
        final var user = reader.userAttributes(json("{\"attributes\":{\"bomb\":\"" + value
                + "\"},\"identifiers\":{\"email\":\"b@x.io\"}}"));
        // Then each route refuses it by name
        assertThat(custom.violations()).extracting(v -> v.at().bracketed(), Violation::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("properties.bomb", "number_out_of_range"));
        assertThat(user.violations()).extracting(v -> v.at().bracketed(), Violation::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("attributes.bomb", "number_out_of_range"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"24", "1e308", "0.1", "blue", "1e99999999999 apples"})
    void shouldAcceptANumericStringWithinTheBoundsAndAnyOtherText(final String value) throws Exception {
        assertThat(reader.customAttributes(json("{\"properties\":{\"v\":\"" + value
                + "\"},\"user\":{\"email\":\"b@x.io\"}}")).violations()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\u0000", "\\n", "\\t", "\\u001f", "\\u007f"})
    void shouldRefuseAControlCharacterInEveryIdentifierAndName(final String control) throws Exception {
        // Given every identifier and a property name, each holding the control character
        final var write = reader.customAttributes(json("""
                {"properties":{"col%1$sor":"red"},"user":{"phone":"+1914844%1$s0001","email":"b%1$s@x.io",
                 "externalIdentifiers":{"clientUserId":"u%1$s1","customIdentifiers":[{"name":"crm%1$s","value":"v1"},
                 {"name":"crm","value":"v%1$s"}]}}}""".formatted(control)));
        // Then each is refused
        assertThat(fields(write.violations())).containsExactlyInAnyOrder("properties.col" + json("\"" + control + "\"").textValue() + "or",
                "user.phone", "user.email", "user.externalIdentifiers.clientUserId",
                "user.externalIdentifiers.customIdentifiers[0].name", "user.externalIdentifiers.customIdentifiers[1].value");
    }
}
