package org.opencdp.ingest.idempotency;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.CatalogCommand;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.PropertyKey;
import org.opencdp.ingest.testing.CommandLog;
import org.opencdp.ingest.testing.EmbeddedInfrastructure;

@QuarkusTest
@WithTestResource(EmbeddedInfrastructure.class)
class IdempotencyIT {

    private static final String ARRAY_APPEND = "{\"records\":[{\"customer_id\":\"idem-c1\",\"field\":\"cart\","
            + "\"data\":[{\"sku\":\"apple\"}]}]}";

    private static CommandLog<CustomerKey, CustomerCommand> log;
    private static CommandLog<PropertyKey, CatalogCommand> catalog;

    @BeforeAll
    static void openLogs() {
        log = CommandLog.customerCommands();
        catalog = CommandLog.catalogCommands();
    }

    @AfterAll
    static void closeLogs() {
        log.close();
        catalog.close();
    }

    private static String newKey() {
        return "key-" + UUID.randomUUID();
    }

    private static RequestSpecification retainly(final String idempotencyKey) {
        return given().header("key", "demo-key").header("secret", "demo-secret")
                .header("Idempotency-Key", idempotencyKey).contentType(ContentType.JSON);
    }

    @Test
    void shouldGiveARetriedArrayAppendTheSameRequestIdCommandIdsAndAnswer() {
        // Given an append without item id (applied twice it would append twice), sent with a key and a caller id
        final String key = newKey();
        // When sent, then retried with the same key and body
        final Response first = retainly(key).header("X-Request-Id", "caller-1").body(ARRAY_APPEND).post("/arrays");
        final Response retry = retainly(key).header("X-Request-Id", "caller-2").body(ARRAY_APPEND).post("/arrays");
        // Then both get the same answer and the same request id, derived as documented (not the caller's)
        first.then().statusCode(200);
        retry.then().statusCode(200);
        assertThat(retry.body().asString()).isEqualTo(first.body().asString());
        final String requestId = first.header("X-Request-Id");
        assertThat(requestId).isEqualTo(new IdempotencyKey(key).requestId("demo", "POST /arrays",
                ARRAY_APPEND.getBytes(StandardCharsets.UTF_8)));
        assertThat(retry.header("X-Request-Id")).isEqualTo(requestId);
        // And both attempts' commands carry the same command id and the key, so the projector applies one
        final List<ConsumerRecord<CustomerKey, CustomerCommand>> records = log.awaitRequest(requestId, 2);
        assertThat(records).extracting(r -> r.value().getCommandId()).containsExactly(requestId + ":0", requestId + ":0");
        assertThat(records).extracting(r -> r.value().getIdempotencyKey()).containsOnly(key);
    }

    @Test
    void shouldGiveARetriedEventTheSameCommandId() {
        final String key = newKey();
        final String event = "{\"customer_id\":\"idem-c2\",\"event\":\"purchase\"}";
        final String requestId = given().header("api-key", "demo-key").header("api-secret", "demo-secret")
                .header("Idempotency-Key", key).contentType(ContentType.JSON).body(event).post("/events")
                .then().statusCode(200).extract().header("X-Request-Id");
        given().header("api-key", "demo-key").header("api-secret", "demo-secret").header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(event).post("/events")
                .then().statusCode(200).header("X-Request-Id", requestId);
        assertThat(log.awaitRequest(requestId, 2)).extracting(r -> r.value().getCommandId())
                .containsExactly(requestId + ":0", requestId + ":0");
    }

    @Test
    void shouldTreatAReusedKeyWithAnotherBodyAsAnotherRequest() {
        final String key = newKey();
        final String first = retainly(key).body(ARRAY_APPEND).post("/arrays").then().statusCode(200)
                .extract().header("X-Request-Id");
        final String other = retainly(key).body(ARRAY_APPEND.replace("apple", "pear")).post("/arrays")
                .then().statusCode(200).extract().header("X-Request-Id");
        assertThat(other).isNotEqualTo(first).startsWith("idem-");
    }

    @Test
    void shouldTreatAReusedKeyOnAnotherPropertyAsAnotherRequest() {
        // Given the same key and body put to two properties
        final String key = newKey();
        final String body = "{\"type\":\"string\"}";
        final String a = given().header("Authorization", "Bearer demo-token").header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).put("/properties/idem-a").then().statusCode(202)
                .extract().header("X-Request-Id");
        final String b = given().header("Authorization", "Bearer demo-token").header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).put("/properties/idem-b").then().statusCode(202)
                .extract().header("X-Request-Id");
        // Then two requests, each defining its own property
        assertThat(a).isNotEqualTo(b);
        assertThat(catalog.awaitRequest(a, 1).get(0).key().getName()).isEqualTo("idem-a");
        assertThat(catalog.awaitRequest(b, 1).get(0).key().getName()).isEqualTo("idem-b");
    }

    @Test
    void shouldRefuseAnInvalidKeyInEachRouteFamilysFormat() {
        final String tooLong = "k".repeat(256);
        // Retainly: the detail format, located in the header
        retainly(tooLong).body(ARRAY_APPEND).post("/arrays").then().statusCode(422)
                .body("detail[0].loc", equalTo(List.of("header", "Idempotency-Key")))
                .body("detail[0].type", equalTo("idempotency_key_invalid"));
        retainly(tooLong).body("{\"customers\":[{\"id\":1}]}").post("/customers").then().statusCode(422)
                .body("detail[0].loc", equalTo(List.of("header", "Idempotency-Key")));
        retainly(tooLong).body("{\"customers_ids\":[1]}").delete("/customers").then().statusCode(422);
        // POST /events, Retently and the catalog: the errors format
        given().header("api-key", "demo-key").header("api-secret", "demo-secret").header("Idempotency-Key", tooLong)
                .contentType(ContentType.JSON).body("{\"customer_id\":1,\"event\":\"e\"}").post("/events")
                .then().statusCode(422).body("errors.Idempotency-Key.size()", equalTo(1));
        given().header("Authorization", "Bearer demo-token").header("Idempotency-Key", tooLong)
                .contentType(ContentType.JSON).body("{\"subscribers\":[{\"email\":\"a@example.com\"}]}")
                .post("/api/v2/customers").then().statusCode(422).body("errors.Idempotency-Key.size()", equalTo(1));
        given().header("Authorization", "Bearer demo-token").header("Idempotency-Key", tooLong)
                .delete("/properties/p").then().statusCode(422).body("errors.Idempotency-Key.size()", equalTo(1));
    }

    @Test
    void shouldAcceptAKeyOf255Characters() {
        retainly("k".repeat(255)).body(ARRAY_APPEND).post("/arrays").then().statusCode(200);
    }
}
