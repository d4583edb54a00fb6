package org.opencdp.ingest.array;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.DeleteArrayItems;
import org.opencdp.avro.NestedItem;
import org.opencdp.avro.NestedItemList;
import org.opencdp.avro.UpsertArrayItems;
import org.opencdp.schemas.ConsistencyToken;
import org.opencdp.ingest.testing.CommandLog;
import org.opencdp.ingest.testing.RouteFixture;
import org.opencdp.ingest.testing.ServerIds;

@QuarkusTest
class ArraysRouteIT extends RouteFixture {

    private static final CommandLog<CustomerKey, CustomerCommand> log = closedAfterClass(CommandLog.customerCommands());

    @Test
    void shouldPublishOneItemsUpsertPerRecordOfTheSeedExample() {
        // Given the seed's POST /arrays example, verbatim
        final String requestId = newRequestId();
        // When posted
        final Response response = keySecret(requestId).body(seed("retainly-post-arrays.json")).post("/arrays");
        // Then 200 with a JSON string and a consistency token
        assertAccepted(response, requestId, "\"Accepted 2 records\"");
        // And one UpsertArrayItems per record is in the log, items in order, nested products kept
        final List<ConsumerRecord<CustomerKey, CustomerCommand>> records = log.awaitRequest(requestId, 2);
        final Map<String, CustomerCommand> byCustomer = records.stream()
                .collect(Collectors.toMap(r -> r.value().getCustomerId(), ConsumerRecord::value));
        assertThat(byCustomer).containsOnlyKeys("1", "2");
        final CustomerCommand first = byCustomer.get("1");
        assertThat(first.getCommandId()).satisfies(ServerIds.command(0));
        assertThat(first.getSourceRoute()).isEqualTo("POST /arrays");
        assertThat(first.getFamily()).isEqualTo(ApiFamily.RETAINLY);
        assertThat(first.getIdempotencyKey()).isNull();
        final UpsertArrayItems purchases = (UpsertArrayItems) first.getCommand();
        assertThat(purchases.getField()).isEqualTo("purchases");
        assertThat(purchases.getItems()).extracting(i -> i.getFields().get("id")).containsExactly(1L, 2L);
        assertThat(purchases.getItems().get(0).getFields()).containsEntry("amount", 123L)
                .containsEntry("products", new NestedItemList(List.of(
                        new NestedItem(Map.of("name", "apple")), new NestedItem(Map.of("name", "banana")))));
        assertThat(byCustomer.get("2").getCommand()).isEqualTo(new UpsertArrayItems("booking", List.of(
                new ArrayItem(Map.of("booking_number", 123L)), new ArrayItem(Map.of("id", 2L, "booking_number", 123L)))));
        assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo(new CustomerKey("demo", r.value().getCustomerId())));
        // And the token names the highest offset written to each partition
        final Map<Integer, Long> highest = records.stream().collect(Collectors.toMap(ConsumerRecord::partition,
                ConsumerRecord::offset, Math::max));
        assertThat(ConsistencyToken.tryParse(response.header("X-Consistency-Token")).orElseThrow().offsets()).isEqualTo(highest);
    }

    @Test
    void shouldPublishOneItemsDeletionPerRecordOfTheSeedExampleInOrder() {
        // Given the seed's DELETE /arrays example, verbatim, with its api-key/api-secret headers
        final String requestId = newRequestId();
        // When sent
        final Response response = apiKeySecret(requestId).body(seed("retainly-delete-arrays.json")).delete("/arrays");
        // Then 200, and both records of customer 1 are in the log on one partition, in request order
        response.then().statusCode(200).header("X-Consistency-Token", matchesPattern(ONE_PARTITION_TOKEN));
        assertThat(response.body().asString()).isEqualTo("\"Accepted 2 records\"");
        final List<ConsumerRecord<CustomerKey, CustomerCommand>> records = log.awaitRequest(requestId, 2);
        assertThat(records).extracting(r -> r.value().getCommand()).containsExactly(
                new DeleteArrayItems("purchases", List.of("1", "2")), new DeleteArrayItems("purchases", List.of("2")));
        assertThat(records).extracting(r -> r.value().getCommandId()).satisfiesExactly(ServerIds.command(0), ServerIds.command(1));
        assertThat(records).extracting(r -> r.value().getSourceRoute()).containsOnly("DELETE /arrays");
        assertThat(records).extracting(ConsumerRecord::partition).containsOnly(records.get(0).partition());
    }

    @Test
    void shouldLocateEveryViolationAndPublishNothing() {
        // Given four records, the fourth with an object value in its first item
        final String requestId = newRequestId();
        final Response response = keySecret(requestId).body("""
                {"records":[
                  {"customer_id":1,"field":"f","data":[{"a":1}]},
                  {"customer_id":2,"field":"f","data":[{"a":1}]},
                  {"customer_id":3,"field":"f","data":[{"a":1}]},
                  {"customer_id":4,"field":"f","data":[{"x":{"nested":"object"}}]}]}""").post("/arrays");
        // Then 422 locates it exactly, in the seed's detail format
        response.then().statusCode(422).header("X-Request-Id", requestId);
        assertThat(response.jsonPath().getList("detail.loc"))
                .containsExactly(List.of("body", "records", 3, "data", 0, "x"));
        assertThat(response.jsonPath().getList("detail.type")).containsExactly("object_not_allowed");
        // And nothing of the request is in the log
        assertThat(log.readToEnd(requestId)).isEmpty();
    }

    @Test
    void shouldAnswer422ForAnEmptyIdsList() {
        final String requestId = newRequestId();
        apiKeySecret(requestId).body("{\"records\":[{\"customer_id\":1,\"field\":\"purchases\",\"ids\":[]}]}")
                .delete("/arrays").then().statusCode(422)
                .body("detail[0].loc", equalTo(List.of("body", "records", 0, "ids")))
                .body("detail[0].type", equalTo("too_short"));
        assertThat(log.readToEnd(requestId)).isEmpty();
    }

    @Test
    void shouldAnswer400ForMalformedJson() {
        keySecret(newRequestId()).body("{\"records\":[").post("/arrays")
                .then().statusCode(400).body("detail[0].type", equalTo("json_invalid"));
    }

    @Test
    void shouldAnswer403ForbiddenWithoutValidCredentials() {
        final String body = "{\"records\":[{\"customer_id\":1,\"field\":\"f\",\"ids\":[1]}]}";
        assertForbidden(withoutCredentials().body(body).delete("/arrays"));
        assertForbidden(wrongSecret().body(body).post("/arrays"));
    }
}
