package org.opencdp.projector.query;

import static org.opencdp.projector.Times.T1;
import static org.opencdp.projector.Times.T2;
import static org.opencdp.projector.Times.T3;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.opencdp.projector.Commands.deleteCustomer;
import static org.opencdp.projector.Commands.fields;
import static org.opencdp.projector.Commands.item;
import static org.opencdp.projector.Commands.items;
import static org.opencdp.projector.Commands.upsert;
import static org.opencdp.projector.Commands.upsertArrayItems;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.opencdp.projector.CommandProducer;
import org.opencdp.projector.ProjectorInfrastructure;
import org.opencdp.projector.WithCommandProducer;

/** The projector in Quarkus against a real broker and registry: commands in, profiles out over HTTP. */
@QuarkusTest
@QuarkusTestResource(ProjectorInfrastructure.class)
class CustomerQueryIT extends WithCommandProducer {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    /** Waits for an answer that is not a 503 (the projector may still be starting). */
    private static Response get(final String customerId, final String... header) {
        final Response[] last = new Response[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            var request = given();
            for (int i = 0; i < header.length; i += 2) {
                request = request.header(header[i], header[i + 1]);
            }
            last[0] = request.get("/customers/{id}", customerId);
            return last[0].statusCode() != 503;
        });
        return last[0];
    }

    @Test
    void shouldServeTheProfileFoldedFromTheCommands() {
        // Given
        final String id = "c-" + RUN + "-1";
        producer.send(upsert(id, "r1", T1, fields("plan", "pro", "signed_up", "2022-02-25", "score", 4.5)));
        producer.send(upsertArrayItems(id, "r2", T2, "orders", item("id", 1L, "amount", 123L), item("id", 2L, "amount", 5L)));
        producer.send(upsert(id, "r3", T3, fields("plan", "team")));
        // When
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            final Response response = get(id, "Authorization", "Bearer demo-token");
            return response.statusCode() == 200 && response.jsonPath().getInt("revision") == 3;
        });
        // Then
        get(id, "key", "demo-key", "secret", "demo-secret").then()
                .statusCode(200)
                .header("X-Request-Id", not(equalTo(null)))
                .body("customer_id", equalTo(id))
                .body("identifiers[0].kind", equalTo("customer_id"))
                .body("identifiers[0].value", equalTo(id))
                .body("attributes.plan.type", equalTo("string"))
                .body("attributes.plan.value", equalTo("team"))
                .body("attributes.signed_up.type", equalTo("date"))
                .body("attributes.signed_up.value", equalTo("2022-02-25T00:00:00Z"))
                .body("attributes.score.type", equalTo("number"))
                .body("attributes.orders.type", equalTo("array"))
                .body("attributes.orders.value.id", equalTo(List.of(1, 2)))
                .body("created_at", equalTo("2024-05-01T10:00:00Z"))
                .body("updated_at", equalTo("2024-05-01T10:00:09Z"))
                .body("last_request_id", equalTo("r3"))
                .body("revision", equalTo(3));
    }

    /** Customer {@code id} written (plan pro, request r1 at T1) and readable. */
    private void givenFolded(final String id) {
        producer.send(upsert(id, "r1", T1, fields("plan", "pro")));
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> get(id, "Authorization", "Bearer demo-token").statusCode() == 200);
    }

    @Test
    void shouldAnswer404ForACustomerThatDoesNotExistOrWasDeleted() {
        // Given
        final String id = "c-" + RUN + "-2";
        givenFolded(id);
        // When
        producer.send(deleteCustomer(id, "r2", T2));
        // Then
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> get(id, "Authorization", "Bearer demo-token").statusCode() == 404);
        get("nobody-" + RUN, "Authorization", "Bearer demo-token").then()
                .statusCode(404)
                .body("message", equalTo("customer not found"))
                .body("request_id", not(equalTo(null)));
    }

    @Test
    void shouldAnswer401WithoutValidCredentialsAnd403WithoutTheScope() {
        given().get("/customers/{id}", "1").then().statusCode(401).body("message", equalTo("unauthorized"));
        given().header("Authorization", "Bearer nope").get("/customers/{id}", "1").then().statusCode(401);
        given().header("key", "demo-key").header("secret", "wrong").get("/customers/{id}", "1").then().statusCode(401);
        given().header("Authorization", "Bearer " + TestAccess.WRITE_ONLY_TOKEN).get("/customers/{id}", "1").then()
                .statusCode(403).body("message", equalTo("forbidden"));
    }

    @Test
    void shouldNotShowAnotherWorkspacesCustomer() {
        // Given
        final String id = "c-" + RUN + "-3";
        givenFolded(id);
        // When
        final Response other = get(id, "Authorization", "Bearer " + TestAccess.OTHER_TOKEN);
        // Then
        assertThat(other.statusCode()).isEqualTo(404);
    }

    @Test
    void shouldRefuseACustomerIdLongerThan255Characters() {
        given().header("Authorization", "Bearer demo-token").get("/customers/{id}", "x".repeat(256)).then()
                .statusCode(400).body("request_id", not(equalTo(null)));
    }

    @Test
    void shouldReportReadinessAndExposeMetrics() {
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/q/health/live").then().statusCode(200);
        assertThat(given().get("/q/metrics").asString()).contains("kafka_stream");
    }
}
