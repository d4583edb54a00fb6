package org.opencdp.ingest.user;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.IdentifyRequest;
import org.opencdp.avro.IdentityCommand;
import org.opencdp.avro.Subscribe;
import org.opencdp.avro.UpsertAttributes;
import org.opencdp.avro.WorkspaceKey;
import org.opencdp.ingest.testing.CommandLog;
import org.opencdp.ingest.testing.RouteFixture;
import org.opencdp.ingest.testing.ServerIds;

/**
 * The Attentive routes and the sign-up source admin routes over HTTP, against a real broker: what each write
 * published to identity-commands is read back; the projector (catalog, profiles) is a stand-in at the edge.
 */
@QuarkusTest
@WithTestResource(CatalogProjectorStub.class)
class AttentiveRouteIT extends RouteFixture {

    private static final String CUSTOM = "/v1/attributes/custom";
    private static final String USER = "/v2/user/attributes";

    private static final CommandLog<WorkspaceKey, IdentityCommand> log = closedAfterClass(CommandLog.identityCommands());

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer demo-admin").contentType(ContentType.JSON);
    }

    private static IdentifyRequest identifyOf(final String requestId) {
        final List<ConsumerRecord<WorkspaceKey, IdentityCommand>> records = log.awaitRequest(requestId, 1);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo(new WorkspaceKey("demo"));
        assertThat(records.get(0).value().getCommandId()).satisfies(ServerIds.identity());
        return (IdentifyRequest) records.get(0).value().getCommand();
    }

    private static Map<String, Object> errorsOf(final Response response) {
        return response.jsonPath().getMap("errors");
    }

    /** Then: {@code response} is a 400 naming exactly {@code fields}, and {@code requestId} published nothing. */
    private static void assertRefused(final Response response, final String requestId, final String... fields) {
        response.then().statusCode(400);
        assertThat(errorsOf(response)).containsOnlyKeys(fields);
        assertThat(log.readToEnd(requestId)).isEmpty();
    }

    /** Creates an API sign-up source with a fresh id; answers its id. */
    private static String createSource(final String type, final String locale) {
        return admin().body(Map.of("name", "Checkout", "type", type, "locale", locale))
                .post("/sign-up-sources").then().statusCode(201).extract().path("id");
    }

    private static String freshLocale() {
        return "x-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void shouldPublishOneIdentifyRequestNamingEveryIdentifierForCustomAttributes() {
        // Given custom attributes of a user named by phone, email, a numeric clientUserId and a custom identifier
        final String requestId = newRequestId();
        final Response response = bearer(requestId).body("""
                {"properties":{"Favorite color":"red","Age":"24"},
                 "user":{"phone":"+19148440001","email":" Ann@Example.COM ",
                         "externalIdentifiers":{"clientUserId":42,"customIdentifiers":[{"name":"loyalty","value":"L-1"}]}}}""")
                .post(CUSTOM);
        // Then 200 with an identity consistency token
        response.then().statusCode(200).contentType(ContentType.JSON).body("success", equalTo(true))
                .header("X-Consistency-Token", matchesPattern("identity:\\d+:\\d+"));
        // And one identity request of the demo workspace: the identifiers, then one Attentive upsert for "" (resolved later)
        final IdentifyRequest identify = identifyOf(requestId);
        assertThat(identify.getIdentifiers()).containsExactly(new Identifier("phone", null, "+19148440001"),
                new Identifier("email", null, "ann@example.com"), new Identifier("customer_id", null, "42"),
                new Identifier("custom", "loyalty", "L-1"));
        assertThat(identify.getCommands()).hasSize(1);
        final CustomerCommand upsert = identify.getCommands().get(0);
        assertThat(upsert.getCommandId()).satisfies(ServerIds.command(0));
        assertThat(upsert.getCustomerId()).isEmpty();
        assertThat(upsert.getFamily()).isEqualTo(ApiFamily.ATTENTIVE);
        assertThat(upsert.getSourceRoute()).isEqualTo("POST /v1/attributes/custom");
        assertThat(((UpsertAttributes) upsert.getCommand()).getAttributes())
                .isEqualTo(Map.of("Favorite color", "red", "Age", "24"));
    }

    @Test
    void shouldLeaveNullAndEmptyIdentifiersOut() {
        // Given a user whose phone is null, email empty and custom identifier list empty, with a clientUserId
        final String requestId = newRequestId();
        bearer(requestId).body("""
                {"properties":{"Favorite color":"blue"},
                 "user":{"phone":null,"email":"","externalIdentifiers":{"clientUserId":"c-7","customIdentifiers":[]}}}""")
                .post(CUSTOM).then().statusCode(200);
        // Then only the clientUserId names the user
        assertThat(identifyOf(requestId).getIdentifiers()).containsExactly(new Identifier("customer_id", null, "c-7"));
    }

    @Test
    void shouldAnswer400AndPublishNothingWhenNoIdentifierRemains() {
        // Given a user whose only identifiers are null or empty
        final String requestId = newRequestId();
        final Response response = bearer(requestId).body("""
                {"properties":{"Favorite color":"blue"},"user":{"phone":null,"email":"","externalIdentifiers":{"clientUserId":""}}}""")
                .post(CUSTOM);
        // Then 400, and nothing was published
        response.then().statusCode(400);
        assertThat(errorsOf(response)).isNotEmpty();
        assertThat(log.readToEnd(requestId)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+19148440001", "+442071838750", "+551155256325"})
    void shouldAcceptTheSeedsValidPhones(final String phone) {
        final String requestId = newRequestId();
        bearer(requestId).body(Map.of("properties", Map.of("Favorite color", "red"), "user", Map.of("phone", phone)))
                .post(CUSTOM).then().statusCode(200);
        assertThat(identifyOf(requestId).getIdentifiers()).containsExactly(new Identifier("phone", null, phone));
    }

    @ParameterizedTest
    @ValueSource(strings = {"19148440001", "+1---914---844---0001", "1 () 914 844 0001"})
    void shouldAnswer400ForTheSeedsInvalidPhonesAndPublishNothing(final String phone) {
        final String requestId = newRequestId();
        final Response response = bearer(requestId)
                .body(Map.of("properties", Map.of("Favorite color", "red"), "user", Map.of("phone", phone)))
                .post(CUSTOM);
        assertRefused(response, requestId, "user.phone");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"chicago\",\"new york\"]", "{\"city\":\"chicago\"}"})
    void shouldAnswer400ForAnArrayOrObjectValueOnBothWriteRoutes(final String value) {
        // Given the seed's favorite_city as an array (or an object)
        final String custom = newRequestId();
        final String user = newRequestId();
        final Response first = bearer(custom).body("{\"properties\":{\"favorite_city\":" + value
                + "},\"user\":{\"email\":\"a@example.com\"}}").post(CUSTOM);
        final Response second = bearer(user).body("{\"attributes\":{\"favorite_city\":" + value
                + "},\"identifiers\":{\"email\":\"a@example.com\"}}").post(USER);
        // Then each route answers 400 naming the attribute, and publishes nothing
        assertRefused(first, custom, "properties.favorite_city");
        assertRefused(second, user, "attributes.favorite_city");
    }

    @Test
    void shouldAcceptA200CharacterNameAndRefuseA201CharacterOne() {
        final String inside = newRequestId();
        final String outside = newRequestId();
        final String name200 = "n".repeat(199) + "é";
        bearer(inside).body(Map.of("properties", Map.of(name200, "x"), "user", Map.of("email", "a@example.com")))
                .post(CUSTOM).then().statusCode(200);
        bearer(outside).body(Map.of("properties", Map.of(name200 + "n", "x"), "user", Map.of("email", "a@example.com")))
                .post(CUSTOM).then().statusCode(400);
        assertThat(((UpsertAttributes) identifyOf(inside).getCommands().get(0).getCommand()).getAttributes())
                .containsOnlyKeys(name200);
        assertThat(log.readToEnd(outside)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {CUSTOM, USER})
    void shouldRefuseAValueThatIsNotAmongTheEnumsValues(final String route) {
        // Given the catalog's enum Plan (gold, silver)
        final String field = route.equals(CUSTOM) ? "properties" : "attributes";
        final String user = route.equals(CUSTOM) ? "user" : "identifiers";
        final String accepted = newRequestId();
        final String refused = newRequestId();
        // When gold, then bronze, is written
        bearer(accepted).body(Map.of(field, Map.of("Plan", "gold"), user, Map.of("email", "a@example.com")))
                .post(route).then().statusCode(route.equals(CUSTOM) ? 200 : 202);
        final Response response = bearer(refused)
                .body(Map.of(field, Map.of("Plan", "bronze"), user, Map.of("email", "a@example.com"))).post(route);
        // Then gold is published, bronze is a 400 naming Plan, with nothing published
        response.then().statusCode(400);
        assertThat(errorsOf(response)).containsOnlyKeys(field + ".Plan");
        assertThat(identifyOf(accepted).getCommands()).hasSize(1);
        assertThat(log.readToEnd(refused)).isEmpty();
    }

    @Test
    void shouldAcceptTheHundredthCustomAttributeAndRefuseTheHundredAndFirst() {
        // Given a catalog of 98 properties and a limit of 100
        final String inside = newRequestId();
        final String outside = newRequestId();
        // When one request adds 2 new attributes (the 100th), another 3 (the 101st)
        bearer(inside).body(Map.of("attributes", attributes("Plan", "new-1", "new-2"),
                "identifiers", Map.of("email", "a@example.com"))).post(USER).then().statusCode(202);
        final Response response = bearer(outside).body(Map.of("attributes", attributes("p1", "new-1", "new-2", "new-3"),
                "identifiers", Map.of("email", "a@example.com"))).post(USER);
        // Then the first is published, the second is a 400 naming the attribute past the limit
        response.then().statusCode(400);
        assertThat(errorsOf(response)).containsOnlyKeys("attributes.new-3");
        assertThat(((UpsertAttributes) identifyOf(inside).getCommands().get(0).getCommand()).getAttributes())
                .containsOnlyKeys("Plan", "new-1", "new-2");
        assertThat(log.readToEnd(outside)).isEmpty();
    }

    @Test
    void shouldNotApplyTheCustomAttributeLimitToTheV1Route() {
        final String requestId = newRequestId();
        bearer(requestId).body(Map.of("properties", attributes("new-1", "new-2", "new-3"),
                "user", Map.of("email", "a@example.com"))).post(CUSTOM).then().statusCode(200);
        assertThat(identifyOf(requestId).getCommands()).hasSize(1);
    }

    /** Attributes in the given order (the limit names the first one past it). */
    private static Map<String, Object> attributes(final String... names) {
        return IntStream.range(0, names.length).boxed().collect(Collectors.toMap(i -> names[i], i -> names[i].equals("Plan")
                ? "silver" : "v", (a, b) -> a, java.util.LinkedHashMap::new));
    }

    @Test
    void shouldAnswer202AndPublishTheUpsertThenOneSubscribePerSubscription() {
        // Given an API marketing source of a fresh locale, and a transactional source named by id
        final String locale = freshLocale();
        final String marketing = createSource("MARKETING", locale);
        final String transactional = createSource("TRANSACTIONAL", freshLocale());
        final String requestId = newRequestId();
        // When a user is written with attributes and two subscriptions
        final Response response = bearer(requestId).body("""
                {"attributes":{"Favorite color":"red"},
                 "subscriptions":[{"type":"MARKETING","channel":"TEXT","locale":"%s"},
                                  {"type":"TRANSACTIONAL","channel":"EMAIL","signUpSourceId":"%s"}],
                 "identifiers":{"phone":"+442071838750","email":"b@example.com"}}""".formatted(locale, transactional))
                .post(USER);
        // Then 202 {"success":true,"message":…}
        response.then().statusCode(202).contentType(ContentType.JSON).body("success", equalTo(true))
                .body("message", matchesPattern(".+")).header("X-Consistency-Token", matchesPattern("identity:\\d+:\\d+"));
        // And the upsert, then a Subscribe per subscription with its resolved source, numbered in order
        final List<CustomerCommand> commands = identifyOf(requestId).getCommands();
        assertThat(commands).extracting(CustomerCommand::getCommandId)
                .satisfiesExactly(ServerIds.command(0), ServerIds.command(1), ServerIds.command(2));
        assertThat(commands.get(0).getCommand()).isInstanceOf(UpsertAttributes.class);
        assertThat(commands.get(1).getCommand()).isEqualTo(new Subscribe("TEXT", "MARKETING", marketing, locale));
        assertThat(commands.get(2).getCommand()).isEqualTo(new Subscribe("EMAIL", "TRANSACTIONAL", transactional, null));
    }

    @Test
    void shouldPublishARepeatedSubscriptionAgain() {
        // Given a subscription already sent once
        final String source = createSource("MARKETING", freshLocale());
        final String body = """
                {"subscriptions":[{"type":"MARKETING","channel":"EMAIL","signUpSourceId":"%s"}],
                 "identifiers":{"email":"c@example.com"}}""".formatted(source);
        final String first = newRequestId();
        final String again = newRequestId();
        // When it is sent again
        bearer(first).body(body).post(USER).then().statusCode(202);
        bearer(again).body(body).post(USER).then().statusCode(202);
        // Then each is published (the projector records the attempt), with no upsert since there are no attributes
        assertThat(identifyOf(first).getCommands()).extracting(CustomerCommand::getCommand)
                .containsExactly(new Subscribe("EMAIL", "MARKETING", source, null));
        assertThat(identifyOf(again).getCommands()).extracting(CustomerCommand::getCommand)
                .containsExactly(new Subscribe("EMAIL", "MARKETING", source, null));
    }

    @Test
    void shouldRefuseAnOptInMatchingZeroOrSeveralSignUpSources() {
        // Given a locale no source has, and a locale two marketing API sources share
        final String none = freshLocale();
        final String shared = freshLocale();
        createSource("MARKETING", shared);
        createSource("MARKETING", shared);
        final String zero = newRequestId();
        final String several = newRequestId();
        // When an opt-in names each locale
        final Response noMatch = bearer(zero).body(optIn(none)).post(USER);
        final Response twoMatches = bearer(several).body(optIn(shared)).post(USER);
        // Then each is a 400 naming the subscription, with nothing published
        assertRefused(noMatch, zero, "subscriptions[0]");
        assertRefused(twoMatches, several, "subscriptions[0]");
    }

    private static String optIn(final String locale) {
        return """
                {"subscriptions":[{"type":"MARKETING","channel":"EMAIL","locale":"%s"}],"identifiers":{"email":"d@example.com"}}"""
                .formatted(locale);
    }

    @Test
    void shouldRefuseAnUnknownSignUpSourceOrAnOptInWithoutSourceOrLocale() {
        final String unknown = newRequestId();
        final String neither = newRequestId();
        final Response unknownSource = bearer(unknown).body("""
                {"subscriptions":[{"type":"MARKETING","channel":"EMAIL","signUpSourceId":"no-such"}],"identifiers":{"email":"d@example.com"}}""")
                .post(USER);
        final Response noSource = bearer(neither).body("""
                {"subscriptions":[{"type":"MARKETING","channel":"EMAIL"}],"identifiers":{"email":"d@example.com"}}""")
                .post(USER);
        assertRefused(unknownSource, unknown, "subscriptions[0].signUpSourceId");
        assertRefused(noSource, neither, "subscriptions[0]");
    }

    @Test
    void shouldRefuseATextSubscriptionWithoutPhoneAndAnEmailSubscriptionWithoutEmail() {
        final String source = createSource("MARKETING", freshLocale());
        final String text = newRequestId();
        final String email = newRequestId();
        final Response noPhone = bearer(text).body("""
                {"subscriptions":[{"type":"MARKETING","channel":"TEXT","signUpSourceId":"%s"}],"identifiers":{"email":"e@example.com"}}"""
                .formatted(source)).post(USER);
        final Response noEmail = bearer(email).body("""
                {"subscriptions":[{"type":"MARKETING","channel":"EMAIL","signUpSourceId":"%s"}],"identifiers":{"phone":"+19148440001"}}"""
                .formatted(source)).post(USER);
        assertRefused(noPhone, text, "subscriptions[0].channel");
        assertRefused(noEmail, email, "subscriptions[0].channel");
    }

    @Test
    void shouldAnswerTheUsersCustomAttributesByNameForAPhoneEncodedWithPercent2B() {
        // Given the projector knows the user of +19148440001
        // When the phone is sent raw as %2B19148440001
        raw().get(CUSTOM + "?phone=%2B19148440001")
                // Then its attributes, sorted by name, values as the profile shows them
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("name", equalTo(List.of("Age", "Beta", "Favorite color")))
                .body("value", equalTo(List.of(24, true, "red")));
    }

    @Test
    void shouldAnswer404ForAUserTheProjectorDoesNotKnow() {
        given().header("Authorization", "Bearer demo-token").queryParam("email", "nobody@example.com").get(CUSTOM)
                .then().statusCode(404);
    }

    @Test
    void shouldAnswer400ForBothOrNeitherQueryParameterOrAPhoneNotE164() {
        raw().get(CUSTOM + "?phone=%2B13115552368&email=test%40gmail.com").then().statusCode(400)
                .body("errors.query", hasItem(matchesPattern(".+")));
        raw().get(CUSTOM).then().statusCode(400).body("errors.query", hasItem(matchesPattern(".+")));
        raw().get(CUSTOM + "?phone=19148440001").then().statusCode(400).body("errors.phone", hasItem(matchesPattern(".+")));
        // A + sent unencoded decodes to a space, which is not E.164
        raw().get(CUSTOM + "?phone=+19148440001").then().statusCode(400).body("errors.phone", hasItem(matchesPattern(".+")));
    }

    /** A request whose URL is sent as written (a fresh specification: a reused one keeps earlier query parameters). */
    private static RequestSpecification raw() {
        return given().urlEncodingEnabled(false).header("Authorization", "Bearer demo-token");
    }

    @Test
    void shouldAnswer401WithoutAValidToken() {
        final String body = "{\"properties\":{\"a\":1},\"user\":{\"email\":\"a@example.com\"}}";
        withoutCredentials().body(body).post(CUSTOM).then().statusCode(401);
        wrongBearer().body("{\"attributes\":{\"a\":1},\"identifiers\":{\"email\":\"a@example.com\"}}").post(USER)
                .then().statusCode(401);
        given().queryParam("email", "a@example.com").get(CUSTOM).then().statusCode(401);
    }

    @Test
    void shouldCreateListAndDeleteASignUpSourceWithReadYourWrites() {
        // Given a source created with its own id
        final String id = "ssrc-it-" + UUID.randomUUID();
        admin().body(Map.of("id", id, "name", "Footer form", "type", "TRANSACTIONAL", "locale", "en-GB", "method", "API"))
                .post("/sign-up-sources").then().statusCode(201).body("id", equalTo(id))
                .body("type", equalTo("TRANSACTIONAL")).body("method", equalTo("API"));
        // Then the very next list shows it
        admin().get("/sign-up-sources").then().statusCode(200).body("id", hasItem(id));
        // When it is deleted, the next list no longer shows it, and a second delete finds nothing
        admin().delete("/sign-up-sources/" + id).then().statusCode(204);
        admin().get("/sign-up-sources").then().statusCode(200).body("id", not(hasItem(id)));
        admin().delete("/sign-up-sources/" + id).then().statusCode(404);
    }

    @Test
    void shouldRefuseAnInvalidSignUpSourceAndANonAdminCaller() {
        final Response invalid = admin().body(Map.of("name", "x", "type", "PROMO", "locale", "en-US")).post("/sign-up-sources");
        invalid.then().statusCode(400);
        assertThat(errorsOf(invalid)).containsOnlyKeys("type");
        given().header("Authorization", "Bearer demo-token").contentType(ContentType.JSON)
                .body(Map.of("name", "x", "type", "MARKETING", "locale", "en-US")).post("/sign-up-sources")
                .then().statusCode(403);
        given().get("/sign-up-sources").then().statusCode(401);
    }

    @Test
    void shouldRefuseASignUpSourceWithALoneSurrogateOrAControlCharacter() {
        // Given ids and names no UTF-8 holds as sent (the write would never be seen again) or holding a control character
        admin().body("{\"id\":\"ssrc-\\ud800\",\"name\":\"x\",\"type\":\"MARKETING\",\"locale\":\"fr-FR\"}")
                .post("/sign-up-sources").then().statusCode(400);
        final Response control = admin().body(Map.of("id", "ssrc-\u0000x", "name", "x", "type", "MARKETING",
                "locale", "fr-FR")).post("/sign-up-sources");
        // Then 400, not a 503 after waiting for a write that cannot be read back
        control.then().statusCode(400);
        assertThat(errorsOf(control)).containsOnlyKeys("id");
    }

    @Test
    void shouldAnswer400ForANumberOutOfRangeAndPublishNothing() {
        // Given the finding of issue 12: a numeric string the Attentive family reads as a number, past every bound
        final String requestId = newRequestId();
        final Response response = bearer(requestId)
                .body("{\"properties\":{\"bomb\":\"1e99999999999\"},\"user\":{\"email\":\"b@x.io\"}}").post(CUSTOM);
        // Then 400 naming the value, and nothing reaches the projector
        assertRefused(response, requestId, "properties.bomb");
    }

    @Test
    void shouldAnswer400ForAControlCharacterInAnIdentifierOrANameAndPublishNothing() {
        // Given a clientUserId holding U+0000, a custom identifier name holding a tab, and a property name with U+007F
        final String requestId = newRequestId();
        final Response response = bearer(requestId).body("""
                {"properties":{"col\\u007for":"red"},"user":{"email":"c@x.io","externalIdentifiers":
                 {"clientUserId":"u\\u00001","customIdentifiers":[{"name":"crm\\tid","value":"v1"}]}}}""").post(CUSTOM);
        // Then 400 naming each, and nothing is published
        assertRefused(response, requestId, "properties.col\u007For", "user.externalIdentifiers.clientUserId",
                "user.externalIdentifiers.customIdentifiers[0].name");
    }
}
