package org.opencdp.projector.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.opencdp.projector.Commands.fields;
import static org.opencdp.projector.Commands.upsert;
import static org.opencdp.projector.Times.T1;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.opencdp.projector.ProjectorInfrastructure;
import org.opencdp.projector.WithCommandProducer;

/**
 * Every profile of a workspace in pages with cursors, and exported as JSON lines (contract section 12), against a
 * real broker and registry: each customer once, only the caller's workspace.
 */
@QuarkusTest
@QuarkusTestResource(ProjectorInfrastructure.class)
class ListingQueryIT extends WithCommandProducer {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String TOKEN = "Bearer demo-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Response get(final String token, final String path) {
        final Response[] last = new Response[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = given().header("Authorization", token).urlEncodingEnabled(false).get(path);
            return last[0].statusCode() != 503;
        });
        return last[0];
    }

    /** 25 customers of this run, each readable. */
    private static List<String> givenCustomers(final WithCommandProducer test, final String prefix) {
        final List<String> ids = IntStream.range(0, 25).mapToObj(i -> prefix + RUN + "-" + i).toList();
        ids.forEach(id -> test.producer.send(upsert(id, "r-" + id, T1, fields("plan", "pro"))));
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> get(TOKEN, "/customers/" + ids.getLast()).statusCode() == 200
                        && ids.stream().allMatch(id -> get(TOKEN, "/customers/" + id).statusCode() == 200));
        return ids;
    }

    /** {@code count} customers of this run, once the listing gives them all. */
    private static List<String> givenListedCustomers(final WithCommandProducer test, final String prefix, final int count) {
        final List<String> ids = IntStream.range(0, count).mapToObj(i -> prefix + RUN + "-" + i).toList();
        ids.forEach(id -> test.producer.send(upsert(id, "r-" + id, T1, fields("plan", "pro"))));
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> new HashSet<>(listed(TOKEN, 1000)).containsAll(ids));
        return ids;
    }

    /** Every customer id the listing gives, page by page of {@code limit}. */
    private static List<String> listed(final String token, final int limit) {
        final List<String> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            final Response page = get(token, "/customers?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
            page.then().statusCode(200);
            final List<String> customers = page.jsonPath().getList("customers.customer_id");
            assertThat(customers.size()).isLessThanOrEqualTo(limit);
            ids.addAll(customers);
            cursor = page.jsonPath().getString("next_cursor");
            assertThat(++pages).as("pages").isLessThan(10_000);
        } while (cursor != null);
        return ids;
    }

    @Test
    void shouldListEveryCustomerOfTheWorkspaceOnceAcrossPages() {
        // Given
        final List<String> ours = givenCustomers(this, "l-");
        // When
        final List<String> byTen = listed(TOKEN, 10);
        final List<String> byThousand = listed(TOKEN, 1000);
        // Then each is listed once, in the same order whatever the page size
        assertThat(byTen).containsAll(ours).doesNotHaveDuplicates();
        assertThat(byThousand).isEqualTo(byTen);
        // And another workspace lists none of them
        assertThat(listed("Bearer " + TestAccess.OTHER_TOKEN, 100)).doesNotContainAnyElementsOf(ours);
    }

    @Test
    void shouldListACustomerWrittenJustBeforeWhenGivenItsWritesToken() {
        // Given a running projector, a customer written just now, and its write's consistency token
        get(TOKEN, "/customers?limit=1").then().statusCode(200);
        final String id = "t-" + RUN;
        final RecordMetadata written = producer.send(upsert(id, "r-" + id, T1, fields("plan", "pro")));
        final String token = written.partition() + ":" + written.offset();
        // When the workspace is listed at once with the token (as a header), page by page
        final List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            final Response page = given().header("Authorization", TOKEN).header("X-Consistency-Token", token)
                    .urlEncodingEnabled(false).get("/customers?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor));
            page.then().statusCode(200);
            ids.addAll(page.jsonPath().getList("customers.customer_id"));
            cursor = page.jsonPath().getString("next_cursor");
        } while (cursor != null);
        // Then it is listed
        assertThat(ids).contains(id);
    }

    @Test
    void shouldExportEveryCustomerAsJsonLines() throws Exception {
        // Given more customers than three of the export's pages of 1,000 hold
        final List<String> ours = givenListedCustomers(this, "e-", 3_100);
        // When
        final Response export = given().header("Authorization", TOKEN).get("/customers/export");
        // Then
        export.then().statusCode(200).contentType("application/x-ndjson");
        final Set<String> exported = new HashSet<>();
        for (final String line : export.asString().split("\n")) {
            final JsonNode profile = JSON.readTree(line);
            assertThat(profile.has("error")).as(line).isFalse();
            assertThat(exported.add(profile.path("customer_id").asText())).as("once: " + line).isTrue();
        }
        assertThat(exported).containsAll(ours);
        assertThat(exported).containsExactlyInAnyOrderElementsOf(listed(TOKEN, 1000));
    }

    @Test
    void shouldRefuseAMalformedPageOrCursorWith400AndACallerWithoutTheScope() {
        for (final String query : List.of("?limit=0", "?limit=1001", "?limit=ten", "?cursor=x", "?cursor=-1.",
                "?cursor=0.%25%25", "?cursor=" + "9".repeat(500))) {
            get(TOKEN, "/customers" + query).then().statusCode(400).body("request_id", not(equalTo(null)));
        }
        given().header("Authorization", "Bearer " + TestAccess.WRITE_ONLY_TOKEN).get("/customers").then().statusCode(403);
        given().header("Authorization", "Bearer " + TestAccess.WRITE_ONLY_TOKEN).get("/customers/export").then().statusCode(403);
        given().get("/customers/export").then().statusCode(401);
    }
}
