package org.opencdp.ingest.event;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.ItemList;
import org.opencdp.avro.TrackEvent;
import org.opencdp.ingest.testing.CommandLog;
import org.opencdp.ingest.testing.RouteFixture;
import org.opencdp.ingest.testing.ServerIds;
import java.nio.charset.StandardCharsets;
import org.opencdp.schemas.Topics;

@QuarkusTest
class EventsRouteIT extends RouteFixture {

    private static final CommandLog<CustomerKey, CustomerCommand> log = closedAfterClass(CommandLog.customerCommands());

    @Test
    void shouldPublishATrackEventForTheSeedExample() {
        // Given the seed's POST /events example, verbatim, with its api-key/api-secret headers
        final String requestId = newRequestId();
        // When posted; Then 200 without a body
        final Response response = apiKeySecret(requestId).body(seed("retainly-post-events.json")).post("/events");
        assertOk(response, requestId).header("X-Consistency-Token", matchesPattern(ONE_PARTITION_TOKEN));
        assertThat(response.body().asString()).isEmpty();
        // And one TrackEvent command for that customer is in the log
        final List<ConsumerRecord<CustomerKey, CustomerCommand>> records = log.awaitRequest(requestId, 1);
        assertThat(records).hasSize(1);
        final CustomerCommand command = records.get(0).value();
        assertThat(records.get(0).key()).isEqualTo(new CustomerKey("demo", "unique customer id"));
        assertThat(command.getCommandId()).satisfies(ServerIds.command(0));
        assertThat(command.getSourceRoute()).isEqualTo("POST /events");
        final TrackEvent event = (TrackEvent) command.getCommand();
        assertThat(event.getName()).isEqualTo("event");
        assertThat(event.getData()).containsEntry("param1", "value1").containsEntry("param2", "value2")
                .containsEntry("nested_event_array_param", new ItemList(List.of(
                        new ArrayItem(Map.of("nested_array_param1", "value1")),
                        new ArrayItem(Map.of("nested_array_param1", "value2")))));
        assertThat(response.header("X-Consistency-Token"))
                .isEqualTo(records.get(0).partition() + ":" + records.get(0).offset());
    }

    @Test
    void shouldAcceptABearerTokenWithTheEventsScope() {
        given().header("Authorization", "Bearer demo-token").contentType(ContentType.JSON)
                .body("{\"customer_id\":1,\"event\":\"signup\"}").post("/events").then().statusCode(200);
    }

    @Test
    void shouldAnswerAuthFailuresAsA422AuthError() {
        given().header("api-key", "demo-key").header("api-secret", "wrong").contentType(ContentType.JSON)
                .body("{\"customer_id\":1,\"event\":\"signup\"}").post("/events")
                .then().statusCode(422).body("errors.auth", equalTo(List.of("forbidden")));
        given().contentType(ContentType.JSON).body("{\"customer_id\":1,\"event\":\"signup\"}").post("/events")
                .then().statusCode(422).body("errors.auth", equalTo(List.of("forbidden")));
    }

    @Test
    void shouldAnswer400WithAStringForMalformedJson() {
        final Response response = apiKeySecret(newRequestId()).body("{\"customer_id\":1,").post("/events");
        response.then().statusCode(400);
        assertThat(response.jsonPath().getString("$")).startsWith("Invalid JSON data in request body");
    }

    @Test
    void shouldListEveryViolationByFieldAndPublishNothing() {
        // Given an event name over 50 characters and an object-valued data field
        final String requestId = newRequestId();
        final Response response = apiKeySecret(requestId).body("""
                {"customer_id":1,"event":"%s","data":{"ok":"fine","o":{"a":1}}}""".formatted("e".repeat(51)))
                .post("/events");
        // Then 422 names each field, and nothing is published
        response.then().statusCode(422);
        assertThat(response.jsonPath().getMap("errors")).containsOnlyKeys("event", "data.o");
        assertThat(log.readToEnd(requestId)).isEmpty();
    }

    @Test
    void shouldGiveTwoEventsSentWithTheSameXRequestIdTheirOwnCommandIdsAndKeepTheCallersIdOnBoth() {
        // Given two events for two customers, sent with the same caller X-Request-Id and no Idempotency-Key
        final String callerId = newRequestId();
        apiKeySecret(callerId).body("{\"customer_id\":\"same-rid-a\",\"event\":\"purchase\"}").post("/events")
                .then().statusCode(200).header("X-Request-Id", callerId);
        apiKeySecret(callerId).body("{\"customer_id\":\"same-rid-b\",\"event\":\"purchase\"}").post("/events")
                .then().statusCode(200).header("X-Request-Id", callerId);
        // When their commands are read from the log
        final List<ConsumerRecord<CustomerKey, CustomerCommand>> records = log.awaitRequest(callerId, 2);
        // Then each has its own server-generated command id (the events' ids, hence their runs' ids, differ)
        assertThat(records).extracting(r -> r.value().getCommandId())
                .allSatisfy(ServerIds.command(0)).doesNotHaveDuplicates();
        assertThat(records).extracting(r -> r.value().getCustomerId()).containsExactlyInAnyOrder("same-rid-a", "same-rid-b");
        // And both carry the caller's id as their correlation id, in the envelope and the cdp.request-id header
        assertThat(records).extracting(r -> r.value().getRequestId()).containsOnly(callerId);
        assertThat(records).extracting(r -> new String(r.headers().lastHeader(Topics.REQUEST_ID_HEADER).value(),
                StandardCharsets.UTF_8)).containsOnly(callerId);
    }

    @Test
    void shouldAnswer422ForAControlCharacterInTheEventNameOrCustomerIdAndPublishNothing() {
        // Given an event whose name holds a line feed and whose customer id holds U+0000
        final String requestId = newRequestId();
        final Response response = apiKeySecret(requestId)
                .body("{\"customer_id\":\"c\\u00001\",\"event\":\"pur\\nchase\"}").post("/events");
        // Then 422 names both, and nothing is published
        response.then().statusCode(422);
        assertThat(response.jsonPath().getMap("errors")).containsOnlyKeys("event", "customer_id");
        assertThat(log.readToEnd(requestId)).isEmpty();
    }
}
