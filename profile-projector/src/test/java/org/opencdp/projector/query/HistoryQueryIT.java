package org.opencdp.projector.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.opencdp.projector.Commands.deleteCustomer;
import static org.opencdp.projector.Commands.fields;
import static org.opencdp.projector.Commands.item;
import static org.opencdp.projector.Commands.upsert;
import static org.opencdp.projector.Commands.upsertArrayItems;
import static org.opencdp.projector.Times.T1;
import static org.opencdp.projector.Times.T2;
import static org.opencdp.projector.Times.T3;
import static org.opencdp.projector.Times.T4;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.opencdp.projector.ProjectorInfrastructure;
import org.opencdp.projector.WithCommandProducer;

/**
 * History and time travel over HTTP (contract section 12) against a real broker and registry: a customer's changes,
 * newest first, in pages with cursors and filters, and its profile as of an instant.
 */
@QuarkusTest
@QuarkusTestResource(ProjectorInfrastructure.class)
class HistoryQueryIT extends WithCommandProducer {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String TOKEN = "Bearer demo-token";

    private static Response get(final String path) {
        final Response[] last = new Response[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = given().header("Authorization", TOKEN).urlEncodingEnabled(false).get(path);
            return last[0].statusCode() != 503;
        });
        return last[0];
    }

    /** Customer {@code id}: plan basic at T1 (r1), an order at T2 (r2), plan pro at T3 (r3), then readable at revision 3. */
    private void givenThreeChanges(final String id) {
        producer.send(upsert(id, "r1", T1, fields("plan", "basic", "city", "Oslo")));
        producer.send(upsertArrayItems(id, "r2", T2, "orders", item("id", "o1", "total", 10L)));
        producer.send(upsert(id, "r3", T3, fields("plan", "pro")));
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    final Response profile = get("/customers/" + id);
                    return profile.statusCode() == 200 && profile.jsonPath().getInt("revision") == 3;
                });
    }

    @Test
    void shouldListEveryChangeNewestFirstWithOldAndNewValuesRequestIdAndSource() {
        // Given
        final String id = "h-" + RUN + "-1";
        givenThreeChanges(id);
        // When
        final Response history = get("/customers/" + id + "/history");
        // Then
        history.then().statusCode(200)
                .body("entries[0].kind", equalTo("attribute"))
                .body("entries[0].name", equalTo("plan"))
                .body("entries[0].old.value", equalTo("basic"))
                .body("entries[0].new.value", equalTo("pro"))
                .body("entries[0].new.type", equalTo("string"))
                .body("entries[0].at", equalTo("2024-05-01T10:00:09Z"))
                .body("entries[0].request_id", equalTo("r3"))
                .body("entries[0].source", equalTo("POST /customers"))
                .body("entries[1].kind", equalTo("attribute"))
                .body("entries[1].name", equalTo("orders"))
                .body("entries[1].new.type", equalTo("array"))
                .body("next_cursor", nullValue());
        final List<String> requests = history.jsonPath().getList("entries.request_id");
        assertThat(requests.getLast()).isEqualTo("r1");
        assertThat(requests).containsSubsequence("r3", "r2", "r1");
    }

    @Test
    void shouldPageWithCursorsAndFilterByAttributeAndTime() {
        // Given
        final String id = "h-" + RUN + "-2";
        givenThreeChanges(id);
        final List<String> all = get("/customers/" + id + "/history").jsonPath().getList("entries.request_id");
        // When the history is read one entry a page
        final List<String> paged = onePerPage(id, "request_id");
        // Then the pages hold the whole history once, in order
        assertThat(paged).isEqualTo(all);
        // And the filters select by attribute and by time
        assertThat(get("/customers/" + id + "/history?attribute=plan").jsonPath().getList("entries.request_id"))
                .containsExactly("r3", "r1");
        assertThat(get("/customers/" + id + "/history?from=2024-05-01T10:00:05Z&to=2024-05-01T10:00:05Z")
                .jsonPath().getList("entries.request_id")).containsOnly("r2");
    }

    @Test
    void shouldAnswerTheProfileAsItStoodAtAnInstant() {
        // Given
        final String id = "h-" + RUN + "-3";
        givenThreeChanges(id);
        // When / Then: between r2 and r3 the plan was basic and the order there
        get("/customers/" + id + "?as_of=2024-05-01T10:00:06Z").then().statusCode(200)
                .body("attributes.plan.value", equalTo("basic"))
                .body("attributes.orders.value.id", equalTo(List.of("o1")))
                .body("last_request_id", equalTo("r2"));
        // Before r2 there was no order
        get("/customers/" + id + "?as_of=2024-05-01T10:00:01Z").then().statusCode(200)
                .body("attributes.orders", nullValue())
                .body("attributes.city.value", equalTo("Oslo"));
        // An offset is read as the instant it names
        get("/customers/" + id + "?as_of=2024-05-01T12:00:06%2B02:00").then().statusCode(200)
                .body("attributes.plan.value", equalTo("basic"));
        // Before its creation it did not exist
        get("/customers/" + id + "?as_of=2024-05-01T09:59:59Z").then().statusCode(404)
                .body("request_id", not(equalTo(null)));
        // Now is now
        get("/customers/" + id + "?as_of=2030-01-01T00:00:00Z").then().statusCode(200)
                .body("attributes.plan.value", equalTo("pro"));
    }

    @Test
    void shouldAnswerTheProfileAtAHistoryPositionWhateverTheOrderOfCommandTimestamps() {
        // Given three changes, and the position of the profile after them
        final String id = "h-" + RUN + "-7";
        givenThreeChanges(id);
        final String position = get("/customers/" + id).then().statusCode(200).extract().path("history_position");
        assertThat(position).isNotNull();
        // When a direct producer's command stamped between r1 and r2 changes the plan afterwards
        producer.send(upsert(id, "r4", T2.minusSeconds(1), fields("plan", "gold")));
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> get("/customers/" + id).jsonPath().getInt("revision") == 4);
        // Then the profile at the position is the one seen then: plan pro, the order, no gold
        get("/customers/" + id + "?as_of_position=" + encoded(position)).then().statusCode(200)
                .body("attributes.plan.value", equalTo("pro"))
                .body("attributes.orders.value.id", equalTo(List.of("o1")))
                .body("last_request_id", equalTo("r3"))
                .body("history_position", equalTo(position));
        // while the profile as of r3's time holds the later change, stamped before it
        get("/customers/" + id + "?as_of=" + T3).then().statusCode(200).body("attributes.plan.value", equalTo("gold"));
        // And positions that are not ones are refused, as is a position with an instant
        for (final String query : List.of("?as_of_position=x", "?as_of_position=2024-05-01T10:00:00Z",
                "?as_of_position=2024-05-01T10:00:00Z/-1", "?as_of_position=%2B999999999-12-31T23:59:59Z/1",
                "?as_of_position=" + encoded(position) + "&as_of=" + T3)) {
            get("/customers/" + id + query).then().statusCode(400).body("request_id", not(equalTo(null)));
        }
    }

    @Test
    void shouldReadTheHistoryOfAProfileWrittenOnceFromTheCreationItHolds() {
        // Given a customer written once: its creation step is held by the profile, none is in the history store
        final String id = "h-" + RUN + "-once";
        producer.send(upsert(id, "r1", T1, fields("plan", "basic", "city", "Oslo")));
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> get("/customers/" + id).statusCode() == 200);
        final String position = get("/customers/" + id).then().extract().path("history_position");
        // When its history is read, whole and one entry a page
        final List<String> names = get("/customers/" + id + "/history").then().statusCode(200)
                .body("entries.request_id", everyItem(equalTo("r1")))
                .extract().jsonPath().getList("entries.name");
        final List<String> paged = onePerPage(id, "name");
        // Then it lists what the creation set, once, and the profile as of any instant or its position answers
        assertThat(names).contains("plan", "city").doesNotHaveDuplicates();
        assertThat(paged).isEqualTo(names);
        get("/customers/" + id + "/history?attribute=plan").then().statusCode(200)
                .body("entries.new.value", equalTo(List.of("basic")));
        get("/customers/" + id + "?as_of=" + T1).then().statusCode(200).body("attributes.city.value", equalTo("Oslo"));
        get("/customers/" + id + "?as_of=" + T1.minusMillis(1)).then().statusCode(404);
        get("/customers/" + id + "?as_of_position=" + encoded(position)).then().statusCode(200)
                .body("attributes.plan.value", equalTo("basic"));
        // And once it changes, the creation filed in the store reads the same
        producer.send(upsert(id, "r2", T2, fields("plan", "pro")));
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> get("/customers/" + id).jsonPath().getInt("revision") == 2);
        final List<String> after = get("/customers/" + id + "/history").jsonPath().getList("entries.request_id");
        assertThat(after.getFirst()).isEqualTo("r2");
        assertThat(after.subList(1, after.size())).hasSize(names.size()).containsOnly("r1");
        get("/customers/" + id + "?as_of_position=" + encoded(position)).then().statusCode(200)
                .body("attributes.plan.value", equalTo("basic"));
    }

    @Test
    void shouldShowTheCreationOfTheProfileReadInEveryPageReadWhileTheFoldGoesOn() throws Exception {
        // Given a customer created with a city, then given an order item per command while its history is read
        final String id = "h-" + RUN + "-busy";
        producer.send(upsert(id, "r0", T1, fields("plan", "basic", "city", "Oslo")));
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> get("/customers/" + id).statusCode() == 200);
        final int orders = 300;
        final List<String> answers = new ArrayList<>();
        final Thread reader = Thread.ofPlatform().start(() -> {
            try {
                while (answers.size() < 2_000 && get("/customers/" + id).jsonPath().getInt("revision") <= orders) {
                    final Response page = given().header("Authorization", TOKEN).get("/customers/" + id + "/history?attribute=city");
                    answers.add(page.statusCode() + " " + page.jsonPath().getList("entries.new.value"));
                }
            } catch (RuntimeException e) {
                answers.add("failed: " + e);
            }
        });
        // When the orders are folded, each appending an item (undone by its position: a step newer than the profile
        // read would not undo on it)
        for (int i = 1; i <= orders; i++) {
            producer.send(upsertArrayItems(id, "r" + i, T2.plusMillis(i), "orders", item("id", "o" + i, "total", (long) i)));
        }
        reader.join(Duration.ofSeconds(120));
        // Then every read answered 200 with the city the creation set, read with the profile as it then stood
        assertThat(answers).isNotEmpty().containsOnly("200 [Oslo]");
    }

    /** The {@code field} of every entry of the customer's history, read one entry a page by its cursors. */
    private static List<String> onePerPage(final String id, final String field) {
        final List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            final Response page = get("/customers/" + id + "/history?limit=1" + (cursor == null ? "" : "&cursor=" + cursor));
            page.then().statusCode(200);
            paged.addAll(page.jsonPath().getList("entries." + field));
            cursor = page.jsonPath().getString("next_cursor");
        } while (cursor != null);
        return paged;
    }

    private static String encoded(final String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void shouldEraseTheHistoryWithTheCustomer() {
        // Given
        final String id = "h-" + RUN + "-4";
        givenThreeChanges(id);
        // When
        producer.send(deleteCustomer(id, "r4", T4));
        // Then
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> get("/customers/" + id + "/history").statusCode() == 404);
        get("/customers/" + id + "?as_of=2024-05-01T10:00:06Z").then().statusCode(404);
    }

    @Test
    void shouldRefuseMalformedQueriesWith400() {
        final String id = "h-" + RUN + "-5";
        for (final String query : List.of("?limit=0", "?limit=1001", "?limit=x", "?cursor=nope", "?cursor=1.-2",
                "?from=yesterday", "?from=2024-05-02T00:00:00Z&to=2024-05-01T00:00:00Z",
                "?to=%2B999999999-12-31T23:59:59Z", "?attribute=" + "a".repeat(300))) {
            get("/customers/" + id + "/history" + query).then().statusCode(400).body("request_id", not(equalTo(null)));
        }
        for (final String asOf : List.of("2024-05-01", "tomorrow", "%2B999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z")) {
            get("/customers/" + id + "?as_of=" + asOf).then().statusCode(400);
            get("/customers?email=a@example.com&as_of=" + asOf).then().statusCode(400);
        }
    }

    @Test
    void shouldAnswer401WithoutCredentialsAnd404ForAnotherWorkspace() {
        final String id = "h-" + RUN + "-6";
        givenThreeChanges(id);
        given().get("/customers/{id}/history", id).then().statusCode(401);
        given().header("Authorization", "Bearer " + TestAccess.WRITE_ONLY_TOKEN).get("/customers/{id}/history", id)
                .then().statusCode(403);
        given().header("Authorization", "Bearer " + TestAccess.OTHER_TOKEN).get("/customers/{id}/history", id)
                .then().statusCode(404);
    }
}
