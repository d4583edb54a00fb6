package org.opencdp.ingest.retently;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.opencdp.ingest.TestJson.chars;
import static org.opencdp.ingest.TestJson.object;
import static org.opencdp.ingest.TestJson.parse;
import static org.opencdp.ingest.TestJson.resource;
import static org.opencdp.ingest.TestJson.withList;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencdp.avro.ScalarList;
import org.opencdp.ingest.value.Batch;
import org.opencdp.schemas.values.Limits;
import org.opencdp.schemas.values.Violation;
import org.junit.jupiter.params.provider.ValueSource;

class SubscriberBatchReaderTest {

    private final SubscriberBatchReader reader = new SubscriberBatchReader(Limits.DEFAULTS);

    /** One subscriber, {@code "a@example.com"}, with the given properties (JSON array). */
    private Batch<SubscriberUpsert> withProperties(final String properties) {
        return reader.read(parse("{\"subscribers\":[{\"email\":\"a@example.com\",\"properties\":" + properties + "}]}"));
    }

    private static List<String> errorKeys(final Batch<?> batch) {
        return batch.violations().stream().map(v -> v.at().bracketed()).toList();
    }

    @Test
    void shouldReadTheSeedsCreateExample() {
        // Given the Retently seed's first example, verbatim
        final Batch<SubscriberUpsert> batch = reader.read(parse(resource("/seeds/retently-create-property.json")));
        // Then one subscriber keyed by its email, built-in fields typed, the label normalised
        assertThat(batch.violations()).isEmpty();
        final SubscriberUpsert john = batch.items().get(0);
        assertThat(john.customerId()).isEqualTo("johnsmith@example.com");
        assertThat(john.attributes()).containsExactly(
                Map.entry("first_name", "John"), Map.entry("last_name", "Smith"), Map.entry("company", "ACME"),
                Map.entry("tags", new ScalarList(List.of("foo", "bar"))),
                Map.entry("subscription_name", "Free trial"));
        assertThat(john.declaredTypes()).containsExactly(
                Map.entry("first_name", "string"), Map.entry("last_name", "string"), Map.entry("company", "string"),
                Map.entry("tags", "collection"), Map.entry("subscription_name", "string"));
    }

    @Test
    void shouldReadTheSeedsUpdateExampleAsAPartialUpdate() {
        final Batch<SubscriberUpsert> batch = reader.read(parse(resource("/seeds/retently-update-property.json")));
        assertThat(batch.items().get(0).attributes()).containsExactly(Map.entry("subscription_name", "Professional plan"));
    }

    @Test
    void shouldPassTheSeedsUnassigningEmptyStringThroughWithoutAType() {
        // Given the seed's unassign example: value "" and no type
        final Batch<SubscriberUpsert> batch = reader.read(parse(resource("/seeds/retently-unassign-property.json")));
        // Then "" goes to the projector unchanged (it clears on the Retently family), no type declared
        assertThat(batch.items().get(0).attributes()).containsExactly(Map.entry("subscription_name", ""));
        assertThat(batch.items().get(0).declaredTypes()).isEmpty();
    }

    @Test
    void shouldPassNullThroughToClear() {
        final Batch<SubscriberUpsert> batch = withProperties("[{\"label\":\"Plan\",\"value\":null}]");
        assertThat(batch.items().get(0).attributes()).containsEntry("plan", null);
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "New Property|new_property",
            "Subscription name|subscription_name",
            "'  Plan  '|plan",
            "first_name|first_name",
            "First  --  Name|first_name",
            "e-mail, (work)|e_mail_work",
            "__private__|private",
            "NPS: Score!|nps_score",
            "Straße Nr.|straße_nr",
            "a\u00a0b|a_b",
            "tab\there|tab_here",
            "!!!|''"})
    void shouldNormaliseLabels(final String label, final String name) {
        assertThat(SubscriberBatchReader.propertyName(label)).isEqualTo(name);
    }

    @ParameterizedTest(name = "label of {0} characters -> valid {1}")
    @CsvSource({"1,true", "199,true", "200,true", "201,false"})
    void shouldLimitNormalisedLabelsTo200Characters(final int length, final boolean valid) {
        final Batch<SubscriberUpsert> batch = withProperties("[{\"label\":\"" + chars(length) + "\",\"value\":1}]");
        assertThat(batch.isValid()).isEqualTo(valid);
        if (!valid) {
            assertThat(errorKeys(batch)).containsExactly("subscribers[0].properties[0].label");
        }
    }

    @Test
    void shouldCountTheLabelLengthAfterNormalisation() {
        // Given 200 letters between spaces (202 characters sent, 200 once trimmed)
        assertThat(withProperties("[{\"label\":\" " + chars(200) + " \",\"value\":1}]").isValid()).isTrue();
    }

    @Test
    void shouldRefuseLabelsEmptyOnceNormalised() {
        final Batch<SubscriberUpsert> batch = withProperties("[{\"label\":\" -- \",\"value\":1}]");
        assertThat(batch.violations()).extracting(Violation::type).containsExactly("name_empty");
    }

    @Test
    void shouldRefuseTwoLabelsNamingOneProperty() {
        // Given "New Property" and "new-property" for one subscriber, and first_name both built in and as a label
        final Batch<SubscriberUpsert> batch = reader.read(parse("""
                {"subscribers":[{"email":"a@example.com","first_name":"A","properties":[
                  {"label":"New Property","value":1},{"label":"new-property","value":2},
                  {"label":"First Name","value":"B"}]}]}"""));
        // Then both second namings are refused, each naming the first
        assertThat(batch.violations()).extracting(v -> v.at().bracketed(), Violation::type).containsExactly(
                tuple("subscribers[0].properties[1].label", "name_duplicate"),
                tuple("subscribers[0].properties[2].label", "name_duplicate"));
        assertThat(batch.violations().get(0).message()).contains("new_property", "subscribers[0].properties[0].label");
    }

    @Test
    void shouldAllowTheSameLabelForDifferentSubscribers() {
        assertThat(reader.read(parse("""
                {"subscribers":[{"email":"a@example.com","properties":[{"label":"Plan","value":1}]},
                                {"email":"b@example.com","properties":[{"label":"Plan","value":2}]}]}""")).isValid())
                .isTrue();
    }

    @ParameterizedTest(name = "type {0} -> valid {1}")
    @CsvSource(delimiter = '|', value = {
            "\"string\"|true", "\"date\"|true", "\"integer\"|true", "\"boolean\"|true", "\"collection\"|true",
            "\"Integer\"|true", "null|true", "\"number\"|false", "\"enum\"|false", "\"\"|false", "5|false"})
    void shouldAcceptRetentlysFiveTypes(final String type, final boolean valid) {
        final Batch<SubscriberUpsert> batch = withProperties("[{\"label\":\"p\",\"type\":" + type + ",\"value\":\"1\"}]");
        assertThat(batch.isValid()).isEqualTo(valid);
        if (valid && !"null".equals(type)) {
            assertThat(batch.items().get(0).declaredTypes()).containsEntry("p", type.replace("\"", "").toLowerCase());
        }
        if (!valid) {
            assertThat(errorKeys(batch)).containsExactly("subscribers[0].properties[0].type");
        }
    }

    @Test
    void shouldReadCollectionsAsScalarLists() {
        final Batch<SubscriberUpsert> batch = withProperties("[{\"label\":\"c\",\"type\":\"collection\",\"value\":[\"a\",2,true]}]");
        assertThat(batch.items().get(0).attributes()).containsEntry("c", new ScalarList(Arrays.asList("a", 2L, true)));
    }

    @ParameterizedTest(name = "value {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"a\":1}|object_not_allowed|subscribers[0].properties[0].value",
            "[{\"a\":1}]|collection_item|subscribers[0].properties[0].value[0]",
            "[[1]]|collection_item|subscribers[0].properties[0].value[0]",
            "[null]|collection_item|subscribers[0].properties[0].value[0]"})
    void shouldRefuseObjectValuesAndNonScalarCollectionItems(final String value, final String type, final String at) {
        final Batch<SubscriberUpsert> batch = withProperties("[{\"label\":\"p\",\"value\":" + value + "}]");
        assertThat(batch.violations()).extracting(v -> v.at().bracketed(), Violation::type).containsExactly(tuple(at, type));
    }

    @Test
    void shouldRequireALabelAndAValue() {
        final Batch<SubscriberUpsert> batch = withProperties("[{\"type\":\"string\"},{\"label\":7,\"value\":1}]");
        assertThat(batch.violations()).extracting(v -> v.at().bracketed(), Violation::type).containsExactly(
                tuple("subscribers[0].properties[0].label", "missing"),
                tuple("subscribers[0].properties[0].value", "missing"),
                tuple("subscribers[0].properties[1].label", "string_type"));
    }

    @ParameterizedTest(name = "string of {0} -> valid {1}")
    @CsvSource({"999,true", "1000,true", "1001,false"})
    void shouldLimitStringsTo1000Characters(final int length, final boolean valid) {
        // Given a property value, a built-in text field and a tag of the given length
        final Batch<SubscriberUpsert> batch = reader.read(parse("""
                {"subscribers":[{"email":"a@example.com","company":"%1$s","tags":["%1$s"],
                  "properties":[{"label":"p","value":"%1$s"}]}]}""".formatted(chars(length))));
        // Then over 1000 is refused at each place
        assertThat(batch.isValid()).isEqualTo(valid);
        if (!valid) {
            assertThat(errorKeys(batch)).containsExactly("subscribers[0].company", "subscribers[0].tags[0]",
                    "subscribers[0].properties[0].value");
        }
    }

    @ParameterizedTest(name = "email \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "' John.Smith@Example.COM '|john.smith@example.com",
            "a@b|a@b"})
    void shouldKeyASubscriberByItsTrimmedLowerCasedEmail(final String email, final String customerId) {
        final Batch<SubscriberUpsert> batch = reader.read(parse("{\"subscribers\":[{\"email\":\"" + email + "\"}]}"));
        assertThat(batch.items()).extracting(SubscriberUpsert::customerId, SubscriberUpsert::email)
                .containsExactly(tuple(customerId, email.strip()));
    }

    @ParameterizedTest(name = "email {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{}|missing",
            "{\"email\":null}|missing",
            "{\"email\":\"   \"}|missing",
            "{\"email\":7}|string_type",
            "{\"email\":\"no-at-sign\"}|email_invalid",
            "{\"email\":\"@example.com\"}|email_invalid",
            "{\"email\":\"john@\"}|email_invalid",
            "{\"email\":\"a@b@c\"}|email_invalid",
            "{\"email\":\"john smith@example.com\"}|email_invalid"})
    void shouldRequireAnEmail(final String subscriber, final String type) {
        final Batch<SubscriberUpsert> batch = reader.read(parse("{\"subscribers\":[" + subscriber + "]}"));
        assertThat(batch.violations()).extracting(v -> v.at().bracketed(), Violation::type)
                .containsExactly(tuple("subscribers[0].email", type));
        assertThat(batch.violations().get(0).message()).isNotBlank();
    }

    @ParameterizedTest(name = "email of {0} characters -> valid {1}")
    @CsvSource({"254,true", "255,true", "256,false"})
    void shouldLimitEmailsTo255Characters(final int length, final boolean valid) {
        final String email = chars(length - "@example.com".length()) + "@example.com";
        assertThat(reader.read(parse("{\"subscribers\":[{\"email\":\"" + email + "\"}]}")).isValid()).isEqualTo(valid);
    }

    @ParameterizedTest(name = "{0} subscribers -> valid {1}")
    @CsvSource({"1,true", "9999,true", "10000,true", "10001,false", "0,false"})
    void shouldAcceptOneTo10000Subscribers(final int count, final boolean valid) {
        final ObjectNode body = withList(object(), "subscribers", count,
                i -> object().put("email", "s" + i + "@example.com"));
        final Batch<SubscriberUpsert> batch = reader.read(body);
        assertThat(batch.isValid()).isEqualTo(valid);
        if (valid) {
            assertThat(batch.items()).hasSize(count);
        } else {
            assertThat(errorKeys(batch)).containsExactly("subscribers");
        }
    }

    @ParameterizedTest(name = "{0} properties -> valid {1}")
    @CsvSource({"499,true", "500,true", "501,false"})
    void shouldLimitASubscriberTo500Properties(final int count, final boolean valid) {
        // Given the built-in company plus (count - 1) properties
        final ObjectNode body = object();
        final ObjectNode subscriber = body.putArray("subscribers").addObject().put("email", "a@example.com")
                .put("company", "ACME");
        final ArrayNode properties = subscriber.putArray("properties");
        for (int i = 1; i < count; i++) {
            properties.addObject().put("label", "p" + i).put("value", i);
        }
        final Batch<SubscriberUpsert> batch = reader.read(body);
        assertThat(batch.isValid()).isEqualTo(valid);
        if (!valid) {
            assertThat(batch.violations()).extracting(Violation::type).containsExactly("too_many_fields");
        }
    }

    @Test
    void shouldReadTagsAsACollectionOrAStringAndTextFieldsAsScalars() {
        final Batch<SubscriberUpsert> batch = reader.read(parse("""
                {"subscribers":[{"email":"a@example.com","first_name":null,"last_name":"","company":42,
                  "tags":"vip, beta"}]}"""));
        final Map<String, Object> attributes = batch.items().get(0).attributes();
        assertThat(attributes.keySet()).containsExactly("first_name", "last_name", "company", "tags");
        assertThat(attributes).containsEntry("first_name", null).containsEntry("last_name", "")
                .containsEntry("company", 42L).containsEntry("tags", "vip, beta");
    }

    @ParameterizedTest(name = "subscriber {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"email\":\"a@b.c\",\"first_name\":[\"x\"]}|subscribers[0].first_name",
            "{\"email\":\"a@b.c\",\"company\":{\"n\":1}}|subscribers[0].company",
            "{\"email\":\"a@b.c\",\"tags\":{\"a\":1}}|subscribers[0].tags",
            "{\"email\":\"a@b.c\",\"tags\":[{\"a\":1}]}|subscribers[0].tags[0]",
            "{\"email\":\"a@b.c\",\"properties\":{}}|subscribers[0].properties",
            "{\"email\":\"a@b.c\",\"properties\":[1]}|subscribers[0].properties[0]",
            "7|subscribers[0]"})
    void shouldRefuseBuiltInFieldsOfTheWrongShape(final String subscriber, final String at) {
        final Batch<SubscriberUpsert> batch = reader.read(parse("{\"subscribers\":[" + subscriber + "]}"));
        assertThat(errorKeys(batch)).containsExactly(at);
    }

    @ParameterizedTest(name = "body {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "[]|",
            "{}|subscribers",
            "{\"subscribers\":{}}|subscribers",
            "{\"subscribers\":[]}|subscribers"})
    void shouldRefuseBodiesOfTheWrongShape(final String json, final String at) {
        assertThat(errorKeys(reader.read(parse(json)))).containsExactly(at == null ? "" : at);
    }

    @Test
    void shouldListEveryViolationOfEverySubscriberAndKeepNone() {
        final Batch<SubscriberUpsert> batch = reader.read(parse("""
                {"subscribers":[{"email":"ok@example.com"},{"properties":[{"label":"x","value":{}}]}]}"""));
        assertThat(batch.items()).isEmpty();
        assertThat(errorKeys(batch)).containsExactly("subscribers[1].email", "subscribers[1].properties[0].value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\u0000", "\\n", "\\t", "\\u007f"})
    void shouldRefuseAControlCharacterInALabelOrAnEmail(final String control) {
        // When
        final Batch<SubscriberUpsert> label = withProperties("[{\"label\":\"New" + control + "Property\",\"value\":\"x\"}]");
        final Batch<SubscriberUpsert> email = reader.read(parse("{\"subscribers\":[{\"email\":\"a" + control + "@example.com\"}]}"));
        // Then
        assertThat(errorKeys(label)).containsExactly("subscribers[0].properties[0].label");
        assertThat(errorKeys(email)).containsExactly("subscribers[0].email");
    }

    @Test
    void shouldLeaveATypedValueThatCannotBeCoercedToTheProjectorToRejectAndRecord() {
        // Given a declared integer whose value is a number past every bound: the contract stores nothing of it,
        // applies the rest, and records the rejection (the projector's Coercion, with the shared Decimals rules)
        final Batch<SubscriberUpsert> batch = withProperties("[{\"label\":\"seats\",\"type\":\"integer\",\"value\":\"1e99999999999\"}]");
        // Then the request is valid here
        assertThat(batch.violations()).isEmpty();
    }
}
