package org.opencdp.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.opencdp.devstack.StackClient.JSON;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Attentive routes over HTTP on the whole stack (real broker, registry, three services): the seeds'
 * examples and rules (first-seen typing, case-sensitive names, no arrays or objects, E.164 phones, enum values,
 * the custom-attribute limit, sign-up sources), identity resolution across routes, merges with their redirect
 * and customer.merged workflow.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AttentiveIT {

    @RegisterExtension
    static final RunningStack STACK = new RunningStack("opencdp-attentive-it", 3);

    private static HttpResponse<String> post(final String path, final String body) throws Exception {
        return STACK.client().send("POST", STACK.client().ingest(path), StackClient.bearer(), body);
    }

    private static HttpResponse<String> get(final String path) throws Exception {
        return STACK.client().send("GET", STACK.client().ingest(path), StackClient.bearer(), null);
    }

    private static HttpResponse<String> admin(final String method, final String path, final String body) throws Exception {
        return STACK.client().send(method, STACK.client().ingest(path), Map.of("Authorization", "Bearer demo-admin"), body);
    }

    /**
     * POST /v2/user/attributes refuses {@code body} as a whole: 400 naming {@code named}, and no customer holds
     * {@code query} (e.g. {@code email=enum%40example.com}) afterwards.
     */
    private static void assertRefusedWholly(final String body, final String named, final String query) throws Exception {
        final HttpResponse<String> refused = post("/v2/user/attributes", body);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains(named);
        assertThat(get("/customers?" + query).statusCode()).isEqualTo(404);
    }

    /** The profile holding {@code query} (e.g. {@code phone=%2B13115552368}) once {@code condition} holds. */
    private static JsonNode awaitUser(final String query, final Predicate<JsonNode> condition) {
        final JsonNode[] found = new JsonNode[1];
        await().atMost(StackClient.FOLDED).pollInterval(Duration.ofMillis(200)).until(() -> {
            final HttpResponse<String> read = get("/customers?" + query);
            if (read.statusCode() != 200) {
                return false;
            }
            found[0] = JSON.readTree(read.body());
            return condition.test(found[0]);
        });
        return found[0];
    }

    private static Map<String, String> catalogTypes(final String query) throws Exception {
        final HttpResponse<String> read = get("/properties" + query);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        final Map<String, String> types = new java.util.HashMap<>();
        JSON.readTree(read.body()).path("properties").forEach(p -> types.put(p.path("name").asText(), p.path("type").asText()));
        return types;
    }

    @Test
    @Order(1)
    void shouldTypeAttributesByTheirFirstValueAndKeepNamesCaseSensitive() throws Exception {
        // When: the seed's examples: 'Age' first sent as '24'; two names differing in case
        final HttpResponse<String> written = post("/v1/attributes/custom", """
                {"properties":{"Age":"24","Favorite color":"red","Favorite Color":"blue","vip":"true"},
                 "user":{"phone":"+13115552368"}}""");
        // Then
        assertThat(written.statusCode()).as(written.body()).isEqualTo(200);
        assertThat(written.headers().firstValue("X-Consistency-Token").orElseThrow()).startsWith("identity:");
        awaitUser("phone=%2B13115552368", p -> p.path("attributes").has("vip"));
        final HttpResponse<String> custom = get("/v1/attributes/custom?phone=%2B13115552368");
        assertThat(custom.statusCode()).isEqualTo(200);
        final JsonNode attributes = JSON.readTree(custom.body());
        final List<String> names = new ArrayList<>();
        attributes.forEach(a -> names.add(a.path("name").asText()));
        assertThat(names).containsExactly("Age", "Favorite Color", "Favorite color", "vip");
        assertThat(attributes.get(0).path("value").asInt()).isEqualTo(24);
        // and the catalog read with the write's token shows the four types decided (each on its own), without a wait
        final String token = written.headers().firstValue("X-Consistency-Token").orElseThrow();
        assertThat(catalogTypes("?after=" + StackClient.encoded(token))).containsEntry("Age", "number")
                .containsEntry("vip", "boolean").containsEntry("Favorite color", "string").containsEntry("Favorite Color", "string");
    }

    @Test
    @Order(2)
    void shouldRefuseWhatTheSeedsRefuseAndApplyNothing() throws Exception {
        final String user = "\"user\":{\"email\":\"refused@example.com\"}";
        // Arrays and maps as values (the seeds' examples), a 201-character name
        assertThat(post("/v1/attributes/custom", "{\"properties\":{\"favorite_city\":[\"chicago\",\"new york\"]}," + user + "}")
                .statusCode()).isEqualTo(400);
        assertThat(post("/v2/user/attributes", "{\"attributes\":{\"favorite city\":{\"x\":\"Boston\"}},"
                + "\"identifiers\":{\"email\":\"refused@example.com\"}}").statusCode()).isEqualTo(400);
        assertThat(post("/v1/attributes/custom", "{\"properties\":{\"" + "n".repeat(201) + "\":1}," + user + "}")
                .statusCode()).isEqualTo(400);
        // The seed's invalid phones; no identifier at all (null and empty ones are ignored)
        for (final String phone : List.of("19148440001", "+1---914---844---0001", "1 () 914 844 0001")) {
            final HttpResponse<String> refused = post("/v2/user/attributes",
                    "{\"attributes\":{\"a\":1},\"identifiers\":{\"phone\":\"" + phone + "\"}}");
            assertThat(refused.statusCode()).as(phone).isEqualTo(400);
            assertThat(refused.body()).contains("identifiers.phone");
        }
        assertThat(post("/v2/user/attributes", "{\"attributes\":{\"a\":1},\"identifiers\":{\"email\":\"\",\"phone\":null}}")
                .statusCode()).isEqualTo(400);
        // Exactly one of phone and email on the read
        assertThat(get("/v1/attributes/custom?phone=%2B13115552368&email=test%40gmail.com").statusCode()).isEqualTo(400);
        assertThat(get("/v1/attributes/custom").statusCode()).isEqualTo(400);
        // Nothing of it applied
        assertThat(get("/customers?email=refused%40example.com").statusCode()).isEqualTo(404);
        // The seed's valid phones
        for (final String phone : List.of("+19148440001", "+442071838750", "+551155256325")) {
            final HttpResponse<String> accepted = post("/v2/user/attributes",
                    "{\"attributes\":{\"a\":1},\"identifiers\":{\"phone\":\"" + phone + "\",\"email\":\"\"}}");
            assertThat(accepted.statusCode()).as(phone).isEqualTo(202);
            assertThat(JSON.readTree(accepted.body()).path("success").asBoolean()).isTrue();
        }
        awaitUser("phone=%2B551155256325", p -> p.path("attributes").has("a"));
    }

    @Test
    @Order(3)
    void shouldAcceptOnlyTheDefinedValuesOfAnEnumProperty() throws Exception {
        // Given
        assertThat(STACK.client().send("PUT", STACK.client().ingest("/properties/Age%20group"), StackClient.bearer(),
                "{\"type\":\"enum\",\"enum_values\":[\"Adult\",\"Teen\",\"Children's\"]}").statusCode()).isEqualTo(200);
        await().atMost(StackClient.FOLDED).until(() -> "enum".equals(catalogTypes("").get("Age group")));
        // When a value that is not defined comes with another attribute, then 400, and nothing of that request applied
        assertRefusedWholly(
                "{\"attributes\":{\"Age group\":\"Senior\",\"plan\":\"pro\"},\"identifiers\":{\"email\":\"enum@example.com\"}}",
                "Senior", "email=enum%40example.com");
        // When a defined one comes
        assertThat(post("/v1/attributes/custom", "{\"properties\":{\"Age group\":\"Teen\"},\"user\":{\"email\":\"Enum@Example.com\"}}")
                .statusCode()).isEqualTo(200);
        // Then (emails compare case-insensitively)
        assertThat(awaitUser("email=enum%40example.com", p -> p.path("attributes").has("Age group"))
                .at("/attributes/Age group/value").asText()).isEqualTo("Teen");
    }

    @Test
    @Order(4)
    void shouldOptInThroughExactlyOneSignUpSourceAndRecordARepeatedSubscription() throws Exception {
        // Given one API sign-up source for en-US marketing
        final HttpResponse<String> created = admin("POST", "/sign-up-sources",
                "{\"name\":\"Web\",\"type\":\"MARKETING\",\"locale\":\"en-US\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(STACK.client().send("POST", STACK.client().ingest("/sign-up-sources"), StackClient.bearer(),
                "{\"name\":\"x\",\"type\":\"MARKETING\",\"locale\":\"en-US\"}").statusCode()).isEqualTo(403);
        final String subscribe = "{\"subscriptions\":[{\"type\":\"MARKETING\",\"channel\":\"TEXT\",\"locale\":\"en-US\"}],"
                + "\"identifiers\":{\"phone\":\"+4790000001\"}}";
        // When
        assertThat(post("/v2/user/attributes", subscribe).statusCode()).isEqualTo(202);
        final JsonNode subscribed = awaitUser("phone=%2B4790000001", p -> p.path("subscriptions").size() == 1);
        assertThat(subscribed.at("/subscriptions/0/sign_up_source_id").asText())
                .isEqualTo(JSON.readTree(created.body()).path("id").asText());
        assertThat(post("/v2/user/attributes", subscribe).statusCode()).isEqualTo(202);
        // Then the repeat is recorded, not a second subscription
        final JsonNode again = awaitUser("phone=%2B4790000001", p -> p.at("/subscriptions/0/repeated_attempts").asInt() == 1);
        assertThat(again.path("subscriptions")).hasSize(1);
        // And: TEXT without a phone, no matching source, an unknown source id: 400
        assertThat(post("/v2/user/attributes", "{\"subscriptions\":[{\"type\":\"MARKETING\",\"channel\":\"TEXT\","
                + "\"locale\":\"en-US\"}],\"identifiers\":{\"email\":\"nophone@example.com\"}}").statusCode()).isEqualTo(400);
        assertThat(post("/v2/user/attributes", "{\"subscriptions\":[{\"type\":\"MARKETING\",\"channel\":\"EMAIL\","
                + "\"locale\":\"en-US\"}],\"identifiers\":{\"phone\":\"+4790000002\"}}").statusCode()).isEqualTo(400);
        assertThat(post("/v2/user/attributes", "{\"subscriptions\":[{\"type\":\"TRANSACTIONAL\",\"channel\":\"TEXT\","
                + "\"locale\":\"en-US\"}],\"identifiers\":{\"phone\":\"+4790000002\"}}").statusCode()).isEqualTo(400);
        assertThat(post("/v2/user/attributes", "{\"subscriptions\":[{\"type\":\"MARKETING\",\"channel\":\"TEXT\","
                + "\"signUpSourceId\":\"nope\"}],\"identifiers\":{\"phone\":\"+4790000002\"}}").statusCode()).isEqualTo(400);
        // And with a second matching source, locale and type no longer name one: 400
        assertThat(admin("POST", "/sign-up-sources", "{\"name\":\"App\",\"type\":\"MARKETING\",\"locale\":\"en-US\"}")
                .statusCode()).isEqualTo(201);
        assertThat(post("/v2/user/attributes", subscribe.replace("+4790000001", "+4790000003")).statusCode()).isEqualTo(400);
        assertThat(get("/customers?phone=%2B4790000003").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(5)
    void shouldMergeTheProfilesARequestBridgesAndStartAWorkflowOnIt() throws Exception {
        // Given a workflow on customer.merged, a Retainly customer 7001 and an Attentive user known by email
        final String workflowId = STACK.client().createWorkflow("customer.merged");
        final HttpResponse<String> retainly = STACK.client().send("POST", STACK.client().ingest("/customers"), StackClient.keyAndSecret(),
                "{\"customers\":[{\"id\":7001,\"plan\":\"pro\"}]}");
        assertThat(retainly.statusCode()).isEqualTo(200);
        STACK.client().profileAfter("7001", retainly);
        assertThat(post("/v2/user/attributes", "{\"attributes\":{\"color\":\"red\"},\"identifiers\":{\"email\":\"bridge@example.com\"}}")
                .statusCode()).isEqualTo(202);
        awaitUser("email=bridge%40example.com", p -> p.path("attributes").has("color"));
        // When a request names both: client user id 7001 and the email
        assertThat(post("/v2/user/attributes", "{\"attributes\":{\"tier\":\"gold\"},"
                + "\"identifiers\":{\"clientUserId\":7001,\"email\":\"bridge@example.com\"}}").statusCode()).isEqualTo(202);
        // Then the older profile, customer 7001, holds everything; the email's profile redirects to it
        final JsonNode merged = awaitUser("email=bridge%40example.com", p -> "7001".equals(p.path("customer_id").asText())
                && p.path("merges").size() == 1);
        assertThat(merged.path("attributes").has("color")).isTrue();
        assertThat(merged.path("attributes").has("plan")).isTrue();
        assertThat(merged.path("attributes").has("tier")).isTrue();
        assertThat(merged.at("/merges/0/absorbed_id").asText()).isEqualTo("bridge@example.com");
        final HttpResponse<String> absorbed = STACK.client().send("GET", STACK.client().projector("/customers/bridge%40example.com"),
                StackClient.bearer(), null);
        assertThat(absorbed.statusCode()).isEqualTo(307);
        assertThat(absorbed.headers().firstValue("Location").orElseThrow()).endsWith("/customers/7001");
        // And the merge started the workflow, for the survivor
        assertThat(STACK.client().awaitRuns(workflowId, 1)).hasSize(1).allSatisfy(run ->
                assertThat(run.getCustomerId()).isEqualTo("7001"));
    }

    @Test
    @Order(6)
    void shouldRefuseANewCustomAttributeOnceTheWorkspaceHasOneHundred() throws Exception {
        // Given the catalog filled up to the limit (POST /v1/attributes/custom has none)
        final int existing = catalogTypes("").size();
        final StringBuilder filler = new StringBuilder("{\"properties\":{");
        for (int i = existing; i < 100; i++) {
            filler.append(i == existing ? "" : ",").append("\"filler_").append(i).append("\":\"x\"");
        }
        filler.append("},\"user\":{\"email\":\"filler@example.com\"}}");
        final HttpResponse<String> filled = post("/v1/attributes/custom", filler.toString());
        assertThat(filled.statusCode()).isEqualTo(200);
        // (at least: a property an earlier test's write proposed may have been decided since it was counted)
        assertThat(catalogTypes("?after=" + StackClient.encoded(filled.headers().firstValue("X-Consistency-Token").orElseThrow())))
                .hasSizeGreaterThanOrEqualTo(100);
        // When a 101st comes through POST /v2/user/attributes, then 400 naming it, nothing applied
        assertRefusedWholly(
                "{\"attributes\":{\"one_too_many\":\"x\",\"color\":\"blue\"},\"identifiers\":{\"email\":\"limit@example.com\"}}",
                "one_too_many", "email=limit%40example.com");
        // Then an existing attribute is still accepted
        assertThat(post("/v2/user/attributes", "{\"attributes\":{\"color\":\"blue\"},\"identifiers\":{\"email\":\"limit@example.com\"}}")
                .statusCode()).isEqualTo(202);
    }
}
