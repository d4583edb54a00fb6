package org.opencdp.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.opencdp.devstack.StackClient.JSON;
import static org.opencdp.devstack.StackClient.bearer;
import static org.opencdp.devstack.StackClient.keyAndSecret;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.schemas.Topics;

/**
 * Customer data exactly as the Retainly and Retently seeds describe it, over HTTP on the whole stack: every
 * request example of the two seeds sent verbatim, with its answer and its effect on the stored profile;
 * the catalog, deletes that erase, idempotent retries.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag(RunningStack.SHARED_TAG)
class CustomerSemanticsIT {

    private static final String PROFILE_CHANGELOG = "opencdp-profile-projector-profile-store-changelog";

    @RegisterExtension
    static final RunningStack STACK = RunningStack.shared();

    /** A seed's request body, verbatim as ingest-api's tests keep it. */
    private static String seed(final String name) throws Exception {
        return Files.readString(StackClient.root().resolve("ingest-api/src/test/resources/seeds/" + name + ".json"));
    }

    private static HttpResponse<String> send(final String method, final String path, final String body) throws Exception {
        return STACK.client().send(method, STACK.client().ingest(path), keyAndSecret(), body);
    }

    private static JsonNode attribute(final JsonNode profile, final String name) {
        return profile.path("attributes").path(name);
    }

    @Test
    @Order(1)
    void shouldApplyEveryRetainlyExampleAsTheSeedDocumentsIt() throws Exception {
        // When: the seed's POST /customers example
        final HttpResponse<String> customers = send("POST", "/customers", seed("retainly-post-customers"));
        // Then: 200 with a string, and both customers typed by their first values
        assertThat(customers.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(customers.body()).isTextual()).isTrue();
        final JsonNode first = STACK.client().profileAfter("1", customers);
        assertThat(attribute(first, "customer_field_string").path("value").asText()).isEqualTo("value");
        assertThat(attribute(first, "customer_field_boolean").path("type").asText()).isEqualTo("boolean");
        assertThat(attribute(first, "customer_field_number").path("type").asText()).isEqualTo("integer");
        assertThat(attribute(first, "customer_field_date_time").path("value").asText()).isEqualTo("2022-02-25T21:00:00Z");
        assertThat(attribute(first, "customer_field_date").path("value").asText()).isEqualTo("2022-02-25T00:00:00Z");
        assertThat(attribute(first, "customer_field_array_with_linears").path("type").asText()).isEqualTo("collection");
        assertThat(attribute(first, "customer_field_array_with_linears").path("value").toString())
                .isEqualTo("[\"one\",\"two\",\"three\"]");
        final JsonNode second = STACK.client().profileAfter("2", customers);
        final JsonNode objects = attribute(second, "customer_field_array_with_objects");
        assertThat(objects.path("type").asText()).isEqualTo("array");
        assertThat(objects.path("value")).hasSize(2);
        assertThat(objects.at("/value/0/object_field_array_with_nested_array/0/nested_array_object_field_string").asText())
                .isEqualTo("value");

        // When: the seed's POST /arrays example
        final HttpResponse<String> arrays = send("POST", "/arrays", seed("retainly-post-arrays"));
        // Then: items in order, nested products kept; customer 2 gets both booking items
        assertThat(arrays.statusCode()).isEqualTo(200);
        final JsonNode purchases = attribute(STACK.client().profileAfter("1", arrays), "purchases");
        assertThat(purchases.path("type").asText()).isEqualTo("array");
        assertThat(purchases.at("/value/0/id").asLong()).isEqualTo(1);
        assertThat(purchases.at("/value/1/id").asLong()).isEqualTo(2);
        assertThat(purchases.at("/value/0/products/1/name").asText()).isEqualTo("banana");
        assertThat(attribute(STACK.client().profileAfter("2", arrays), "booking").path("value")).hasSize(2);

        // When: an item with a known id and one without
        final HttpResponse<String> more = send("POST", "/arrays", """
                {"records":[{"customer_id":"1","field":"purchases","data":[{"id":1,"amount":5},{"amount":7}]}]}""");
        // Then: id 1 replaced in place, the other appended
        final JsonNode replaced = attribute(STACK.client().profileAfter("1", more), "purchases").path("value");
        assertThat(replaced).hasSize(3);
        assertThat(replaced.at("/0/amount").asLong()).isEqualTo(5);
        assertThat(replaced.at("/1/id").asLong()).isEqualTo(2);
        assertThat(replaced.at("/2/amount").asLong()).isEqualTo(7);

        // When: the seed's DELETE /arrays example (its second record deletes an id already gone)
        final HttpResponse<String> deleteItems = send("DELETE", "/arrays", seed("retainly-delete-arrays"));
        // Then: items 1 and 2 are gone, the one without id stays
        assertThat(deleteItems.statusCode()).isEqualTo(200);
        final JsonNode left = attribute(STACK.client().profileAfter("1", deleteItems), "purchases").path("value");
        assertThat(left).hasSize(1);
        assertThat(left.at("/0/amount").asLong()).isEqualTo(7);

        // When: the seed's event example (for a customer that does not exist)
        final HttpResponse<String> event = send("POST", "/events", seed("retainly-post-events"));
        // Then: 200 without a body, and the event created no profile
        assertThat(event.statusCode()).isEqualTo(200);
        assertThat(event.body()).isEmpty();
        final String token = event.headers().firstValue("X-Consistency-Token").orElseThrow();
        assertThat(STACK.client().send("GET", STACK.client().ingest("/customers/" + StackClient.encoded("unique customer id")
                + "?after=" + token), bearer(), null).statusCode()).isEqualTo(404);

        // When: the seed's DELETE /customers example (leading-zero ids nobody has), then customer 2
        assertThat(send("DELETE", "/customers", seed("retainly-delete-customers")).statusCode()).isEqualTo(200);
        final HttpResponse<String> deleted = send("DELETE", "/customers", "{\"customers_ids\":[2]}");
        // Then
        assertThat(deleted.statusCode()).isEqualTo(200);
        final String after = deleted.headers().firstValue("X-Consistency-Token").orElseThrow();
        assertThat(STACK.client().send("GET", STACK.client().ingest("/customers/2?after=" + after), bearer(), null).statusCode())
                .isEqualTo(404);
    }

    @Test
    @Order(2)
    void shouldApplyEveryRetentlyExampleAsTheSeedDocumentsIt() throws Exception {
        // Given: another subscriber with the same property
        final HttpResponse<String> other = send("POST", "/api/v2/customers", """
                {"subscribers":[{"email":"Jane@Example.com","properties":[{"label":"Subscription name","value":"Pro"}]}]}""");
        assertThat(other.statusCode()).isEqualTo(200);

        // When: the seed's create example
        final HttpResponse<String> created = send("POST", "/api/v2/customers", seed("retently-create-property"));
        // Then: "Subscription name" is subscription_name, with the built-in properties
        assertThat(created.statusCode()).isEqualTo(200);
        final JsonNode john = STACK.client().profileAfter("johnsmith@example.com", created);
        final JsonNode subscription = attribute(john, "subscription_name");
        assertThat(subscription.path("type").asText()).isEqualTo("string");
        assertThat(subscription.path("value").asText()).isEqualTo("Free trial");
        assertThat(attribute(john, "first_name").path("value").asText()).isEqualTo("John");
        assertThat(attribute(john, "company").path("value").asText()).isEqualTo("ACME");
        assertThat(attribute(john, "tags").path("value").toString()).isEqualTo("[\"foo\",\"bar\"]");

        // When: the seed's update example
        final HttpResponse<String> updated = send("POST", "/api/v2/customers", seed("retently-update-property"));
        // Then: the value changes; properties not named stay
        final JsonNode upgraded = STACK.client().profileAfter("johnsmith@example.com", updated);
        assertThat(attribute(upgraded, "subscription_name").path("value").asText()).isEqualTo("Professional plan");
        assertThat(attribute(upgraded, "last_name").path("value").asText()).isEqualTo("Smith");

        // When: the seed's unassign example ("")
        final HttpResponse<String> unassigned = send("POST", "/api/v2/customers", seed("retently-unassign-property"));
        // Then: cleared for John only; the property stays in the catalog; Jane keeps hers
        assertThat(STACK.client().profileAfter("johnsmith@example.com", unassigned).path("attributes").has("subscription_name")).isFalse();
        assertThat(attribute(STACK.client().profileAfter("jane@example.com", unassigned), "subscription_name").path("value").asText())
                .isEqualTo("Pro");
        await().atMost(StackClient.FOLDED).untilAsserted(() -> assertThat(propertyNames()).contains("subscription_name"));

        // When: null unassigns too
        final HttpResponse<String> nulled = send("POST", "/api/v2/customers", """
                {"subscribers":[{"email":"jane@example.com","properties":[{"label":"Subscription name","value":null}]}]}""");
        // Then
        assertThat(STACK.client().profileAfter("jane@example.com", nulled).path("attributes").has("subscription_name")).isFalse();
    }

    @Test
    @Order(3)
    void shouldParseTheRetentlyTypesAsTheSeedSaysAndRecordWhatItRefuses() throws Exception {
        // When
        final HttpResponse<String> written = send("POST", "/api/v2/customers", """
                {"subscribers":[{"email":"types@example.com","properties":[
                  {"label":"Renewal","type":"date","value":"2019-12-31"},
                  {"label":"Renewal at","type":"date","value":"2019-12-31T00:00:00Z"},
                  {"label":"Trial end","type":"date","value":"31/12/2019"},
                  {"label":"Active","type":"boolean","value":"Y"},
                  {"label":"Churned","type":"boolean","value":"no"},
                  {"label":"Items","type":"collection","value":"item1, item2, item3"},
                  {"label":"Seats","type":"integer","value":100},
                  {"label":"Floors","type":"integer","value":"1.5"}]}]}""");
        // Then
        assertThat(written.statusCode()).isEqualTo(200);
        final String requestId = written.headers().firstValue("X-Request-Id").orElseThrow();
        final JsonNode profile = STACK.client().awaitProfile("types@example.com", p -> p.path("rejections").size() == 2);
        assertThat(attribute(profile, "renewal").path("value").asText()).isEqualTo("2019-12-31T00:00:00Z");
        assertThat(attribute(profile, "renewal_at").path("value").asText()).isEqualTo("2019-12-31T00:00:00Z");
        assertThat(attribute(profile, "active").path("value").asBoolean()).isTrue();
        assertThat(attribute(profile, "churned").path("type").asText()).isEqualTo("boolean");
        assertThat(attribute(profile, "churned").path("value").asBoolean()).isFalse();
        assertThat(attribute(profile, "items").path("value").toString()).isEqualTo("[\"item1\",\"item2\",\"item3\"]");
        assertThat(attribute(profile, "seats").path("value").asLong()).isEqualTo(100);
        assertThat(profile.path("attributes").has("trial_end")).isFalse();
        assertThat(profile.path("attributes").has("floors")).isFalse();
        assertThat(profile.path("rejections")).allSatisfy(rejection ->
                assertThat(rejection.path("request_id").asText()).isEqualTo(requestId));
        assertThat(profile.path("rejections").findValuesAsText("property")).containsExactlyInAnyOrder("trial_end", "floors");
        assertThat(profile.path("rejections").findValuesAsText("value")).contains("31/12/2019");
    }

    @Test
    @Order(4)
    void shouldEraseADeletedCustomerFromQueriesStoreTopicsAndLaterWorkflowContexts() throws Exception {
        // Given: a customer with attributes and an array, and a workflow on "erased.check"
        final String workflowId = STACK.client().createWorkflow("erased.check");
        final HttpResponse<String> written = send("POST", "/customers", """
                {"customers":[{"id":"erase-me","secret_plan":"gold","cart":[{"id":"p1","name":"apple"}]}]}""");
        assertThat(STACK.client().profileAfter("erase-me", written).path("revision").asLong()).isEqualTo(1);

        // When
        final HttpResponse<String> deleted = send("DELETE", "/customers", "{\"customers_ids\":[\"erase-me\"]}");
        assertThat(deleted.statusCode()).isEqualTo(200);
        final String token = deleted.headers().firstValue("X-Consistency-Token").orElseThrow();

        // Then: no query answers it
        assertThat(STACK.client().send("GET", STACK.client().ingest("/customers/erase-me?after=" + token), bearer(), null).statusCode())
                .isEqualTo(404);
        // and the last record for its key, on the profiles topic and on the store's changelog, is a tombstone
        final CustomerKey key = new CustomerKey("demo", "erase-me");
        await().atMost(StackClient.FOLDED).untilAsserted(() -> {
            assertThat(STACK.client().recordsFor(Topics.PROFILES.name(), key)).isNotEmpty().last().isNull();
            assertThat(STACK.client().recordsFor(PROFILE_CHANGELOG, key)).isNotEmpty().last().isNull();
        });

        // When: an event for the same id after the delete
        assertThat(send("POST", "/events", "{\"customer_id\":\"erase-me\",\"event\":\"erased.check\",\"data\":{}}")
                .statusCode()).isEqualTo(200);
        // Then: the workflow context carries none of the old data
        final List<WorkflowRun> runs = STACK.client().awaitRuns(workflowId, 1);
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).getContext()).doesNotContainKeys("secret_plan", "cart");

        // When: a later write
        final HttpResponse<String> fresh = send("POST", "/customers", "{\"customers\":[{\"id\":\"erase-me\",\"plan\":\"new\"}]}");
        // Then: a fresh profile
        final JsonNode profile = STACK.client().profileAfter("erase-me", fresh);
        assertThat(profile.path("revision").asLong()).isEqualTo(1);
        assertThat(profile.path("attributes").has("secret_plan")).isFalse();
    }

    @Test
    @Order(5)
    void shouldApplyARetryWithTheSameIdempotencyKeyOnceAndAnswerItTheSame() throws Exception {
        // Given
        final String customer = "idem-" + UUID.randomUUID();
        final String append = "{\"records\":[{\"customer_id\":\"" + customer + "\",\"field\":\"orders\",\"data\":[{\"total\":10}]}]}";
        // When: the same append twice with one key, then once with another
        final HttpResponse<String> first = STACK.client().send("POST", STACK.client().ingest("/arrays"), StackClient.keyAndSecret("order-1"), append);
        final HttpResponse<String> retry = STACK.client().send("POST", STACK.client().ingest("/arrays"), StackClient.keyAndSecret("order-1"), append);
        // Then: the retry gets the first answer, and one item is stored
        assertThat(retry.statusCode()).isEqualTo(first.statusCode()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("X-Request-Id")).isEqualTo(first.headers().firstValue("X-Request-Id"));
        assertThat(attribute(STACK.client().profileAfter(customer, retry), "orders").path("value")).hasSize(1);
        final HttpResponse<String> other = STACK.client().send("POST", STACK.client().ingest("/arrays"), StackClient.keyAndSecret("order-2"), append);
        assertThat(attribute(STACK.client().profileAfter(customer, other), "orders").path("value")).hasSize(2);

        // Given: a workflow on "idem.signup"
        final String workflowId = STACK.client().createWorkflow("idem.signup");
        final String event = "{\"customer_id\":\"" + customer + "\",\"event\":\"idem.signup\",\"data\":{}}";
        // When: the event twice with one key
        assertThat(STACK.client().send("POST", STACK.client().ingest("/events"), StackClient.keyAndSecret("signup-1"), event).statusCode()).isEqualTo(200);
        assertThat(STACK.client().send("POST", STACK.client().ingest("/events"), StackClient.keyAndSecret("signup-1"), event).statusCode()).isEqualTo(200);
        // Then: exactly one run
        assertThat(STACK.client().awaitRuns(workflowId, 1)).hasSize(1);
    }

    @Test
    @Order(6)
    void shouldEnforceAnEnumDefinedThroughTheCatalogAndEraseADeletedProperty() throws Exception {
        // When: an administrator defines "tier"
        final HttpResponse<String> defined = send("PUT", "/properties/tier", "{\"type\":\"enum\",\"enum_values\":[\"free\",\"pro\"]}");
        assertThat(defined.statusCode()).isEqualTo(200);
        await().atMost(StackClient.FOLDED).until(() -> propertyNames().contains("tier"));

        // When: a defined and an undefined value
        final HttpResponse<String> written = send("POST", "/customers",
                "{\"customers\":[{\"id\":\"enum-1\",\"tier\":\"pro\"},{\"id\":\"enum-2\",\"tier\":\"Pro\",\"plan\":\"x\"}]}");
        // Then: the first is stored as the enum, the second refused (and recorded), the rest applied
        final String requestId = written.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(attribute(STACK.client().profileAfter("enum-1", written), "tier").path("type").asText()).isEqualTo("enum");
        final JsonNode refused = STACK.client().profileAfter("enum-2", written);
        assertThat(refused.path("attributes").has("tier")).isFalse();
        assertThat(attribute(refused, "plan").path("value").asText()).isEqualTo("x");
        assertThat(refused.at("/rejections/0/property").asText()).isEqualTo("tier");
        assertThat(refused.at("/rejections/0/request_id").asText()).isEqualTo(requestId);

        // When: the property is deleted
        assertThat(send("DELETE", "/properties/tier", null).statusCode()).isEqualTo(200);
        // Then: its value is gone from every profile, and the catalog no longer lists it
        STACK.client().awaitProfile("enum-1", p -> !p.path("attributes").has("tier"));
        await().atMost(StackClient.FOLDED).until(() -> !propertyNames().contains("tier"));
    }

    @Test
    @Order(9) // last: its six new customers would start the workflows the tests before it count
    void shouldListTheTypesAWriteGaveNewPropertiesOnEveryPartitionWhenTheCatalogIsReadWithItsToken() throws Exception {
        // Given: one write of six customers, each the first to write a property of its own
        final HttpResponse<String> written = send("POST", "/customers", """
                {"customers":[{"id":"first-1","first_text":"a"},{"id":"first-2","first_flag":true},
                {"id":"first-3","first_count":3},{"id":"first-4","first_day":"2024-05-01"},
                {"id":"first-5","first_list":["x"]},{"id":"first-6","first_amount":2.5}]}""");
        assertThat(written.statusCode()).isEqualTo(200);
        final String token = written.headers().firstValue("X-Consistency-Token").orElseThrow();
        assertThat(token).as("the six customers land on more than one partition").contains(",");
        // When: the catalog is read right away with the write's token, through ingest-api and with the header
        final HttpResponse<String> relayed = STACK.client().send("GET", STACK.client().ingest("/properties?after="
                + StackClient.encoded(token)), bearer(), null);
        final Map<String, String> withToken = new HashMap<>(keyAndSecret());
        withToken.put("X-Consistency-Token", token);
        final HttpResponse<String> direct = STACK.client().send("GET", STACK.client().projector("/properties"), withToken, null);
        // Then: both list every property the write created, with the type its value gave it
        for (final HttpResponse<String> read : List.of(relayed, direct)) {
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            final Map<String, String> types = new HashMap<>();
            JSON.readTree(read.body()).path("properties").forEach(p -> types.put(p.path("name").asText(), p.path("type").asText()));
            assertThat(types).containsEntry("first_text", "string").containsEntry("first_flag", "boolean")
                    .containsEntry("first_count", "integer").containsEntry("first_day", "date")
                    .containsEntry("first_list", "collection").containsEntry("first_amount", "number");
        }
        // And a token that is not one is refused, as is one naming partitions the topic lacks (no read is made for them)
        assertThat(STACK.client().send("GET", STACK.client().ingest("/properties?after=x"), bearer(), null).statusCode())
                .isEqualTo(400);
        assertThat(STACK.client().send("GET", STACK.client().ingest("/properties?after=0:0,2000:1,2147483647:1"), bearer(), null)
                .statusCode()).isEqualTo(400);
    }

    @Test
    @Order(7)
    void shouldStartAWorkflowOnThePlatformsCustomerCreatedEventOncePerCustomer() throws Exception {
        // Given
        final String workflowId = STACK.client().createWorkflow("customer.created");
        final String id = "created-" + UUID.randomUUID();
        // When: the customer is created, then written again
        assertThat(send("POST", "/customers", "{\"customers\":[{\"id\":\"" + id + "\",\"plan\":\"free\"}]}")
                .statusCode()).isEqualTo(200);
        assertThat(send("POST", "/customers", "{\"customers\":[{\"id\":\"" + id + "\",\"plan\":\"pro\"}]}")
                .statusCode()).isEqualTo(200);
        // Then: one run, with the profile as created
        final List<WorkflowRun> runs = STACK.client().awaitRuns(workflowId, 1);
        assertThat(runs).singleElement().satisfies(run -> {
            assertThat(run.getCustomerId()).isEqualTo(id);
            assertThat(run.getContext()).containsEntry("plan", "free");
        });
        // And the run links to the profile as the workflow saw it, though the customer has changed since
        final JsonNode[] shown = new JsonNode[1];
        await().atMost(StackClient.FOLDED).until(() -> {
            final HttpResponse<String> run = STACK.client().send("GET", STACK.client().ingest("/runs/"
                    + runs.getFirst().getRunId()), bearer(), null);
            shown[0] = run.statusCode() == 200 ? JSON.readTree(run.body()) : null;
            return shown[0] != null;
        });
        final String link = shown[0].path("profile_as_of").asText();
        assertThat(link).startsWith("/customers/" + id + "?as_of_position=");
        final JsonNode seen = StackClient.answered(STACK.client().send("GET", STACK.client().ingest(link), bearer(), null), 200);
        assertThat(attribute(seen, "plan").path("value").asText()).isEqualTo("free");
        assertThat(attribute(STACK.client().awaitProfile(id, p -> "pro".equals(attribute(p, "plan").path("value").asText())),
                "plan").path("value").asText()).isEqualTo("pro");
    }

    @Test
    @Order(8)
    void shouldStartAnAttributeChangeWorkflowOnAChangeButNotOnARewriteOfTheSameValue() throws Exception {
        // Given: a workflow on plan changing to "pro"
        final HttpResponse<String> created = STACK.client().send("POST", STACK.client().trigger("/workflows"), bearer(),
                "{\"name\":\"Upgraded\",\"trigger\":{\"attribute\":\"plan\",\"to\":\"pro\"},\"enabled\":true}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(created.body()).at("/trigger/attribute").asText()).isEqualTo("plan");
        final String workflowId = JSON.readTree(created.body()).get("id").asText();
        final String id = "upgrade-" + UUID.randomUUID();
        // When: free, then pro, then pro again (a rewrite), then another property
        for (final String body : List.of("\"plan\":\"free\"", "\"plan\":\"pro\"", "\"plan\":\"pro\"", "\"seats\":3")) {
            assertThat(send("POST", "/customers", "{\"customers\":[{\"id\":\"" + id + "\"," + body + "}]}").statusCode())
                    .isEqualTo(200);
        }
        // Then: exactly one run, for the change to pro
        final List<WorkflowRun> runs = STACK.client().awaitRuns(workflowId, 1);
        assertThat(runs).singleElement().satisfies(run -> {
            assertThat(run.getCustomerId()).isEqualTo(id);
            assertThat(run.getEventName()).isEqualTo("attribute.changed");
            assertThat(run.getContext()).containsEntry("plan", "pro");
        });
    }

    private static List<String> propertyNames() throws Exception {
        final HttpResponse<String> listed = STACK.client().send("GET", STACK.client().ingest("/properties"), bearer(), null);
        assertThat(listed.statusCode()).isEqualTo(200);
        return JSON.readTree(listed.body()).path("properties").findValuesAsText("name");
    }
}
