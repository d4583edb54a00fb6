package org.opencdp.ingest.publish;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;

import java.time.Duration;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import org.junit.jupiter.api.Test;
import org.opencdp.ingest.testing.UnreachableKafka;

@QuarkusTest
@WithTestResource(UnreachableKafka.class)
class UnreachableKafkaIT {

    @Test
    void shouldAnswer503WithRetryAfterWithinThePublishTimeout() {
        // Given Kafka unreachable and a 2 s publish timeout
        final long start = System.nanoTime();
        // When a valid write arrives
        final Response response = given().header("key", "demo-key").header("secret", "demo-secret")
                .header("X-Request-Id", "it-unreachable-kafka").contentType(ContentType.JSON)
                .body("{\"customers\":[{\"id\":1,\"plan\":\"pro\"}]}").post("/customers");
        // Then 503 with Retry-After and the request id, and no consistency token, soon after the timeout
        response.then().statusCode(503).header("Retry-After", UnreachableKafka.RETRY_AFTER_SECONDS)
                .header("X-Consistency-Token", (String) null)
                .body("request_id", equalTo("it-unreachable-kafka"))
                .body("message", not(emptyOrNullString()));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void shouldAnswer503ForEventsToo() {
        given().header("api-key", "demo-key").header("api-secret", "demo-secret").contentType(ContentType.JSON)
                .body("{\"customer_id\":1,\"event\":\"signup\"}").post("/events")
                .then().statusCode(503).header("Retry-After", UnreachableKafka.RETRY_AFTER_SECONDS);
    }

    @Test
    void shouldReportNotReady() {
        given().get("/q/health/ready").then().statusCode(503);
    }

    @Test
    void shouldAnswer503ForEveryOtherWriteRouteToo() {
        // Given Kafka unreachable: the array, delete, Retently and catalog writes answer 503 with Retry-After
        given().header("key", "demo-key").header("secret", "demo-secret").contentType(ContentType.JSON)
                .body("{\"records\":[{\"customer_id\":1,\"field\":\"f\",\"data\":[{\"a\":1}]}]}").post("/arrays")
                .then().statusCode(503).header("Retry-After", UnreachableKafka.RETRY_AFTER_SECONDS);
        given().header("key", "demo-key").header("secret", "demo-secret").contentType(ContentType.JSON)
                .body("{\"customers_ids\":[1]}").delete("/customers")
                .then().statusCode(503).header("Retry-After", UnreachableKafka.RETRY_AFTER_SECONDS);
        given().header("Authorization", "Bearer demo-token").contentType(ContentType.JSON)
                .body("{\"subscribers\":[{\"email\":\"a@example.com\"}]}").post("/api/v2/survey")
                .then().statusCode(503).header("Retry-After", UnreachableKafka.RETRY_AFTER_SECONDS);
        given().header("Authorization", "Bearer demo-token").contentType(ContentType.JSON)
                .body("{\"type\":\"string\"}").put("/properties/p")
                .then().statusCode(503).header("Retry-After", UnreachableKafka.RETRY_AFTER_SECONDS)
                .body("message", not(emptyOrNullString()));
    }
}
