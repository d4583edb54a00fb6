package org.opencdp.ingest.customer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.ItemList;
import org.opencdp.avro.NestedItemList;
import org.opencdp.avro.ScalarList;
import org.opencdp.avro.UpsertAttributes;
import org.opencdp.schemas.ConsistencyToken;
import org.opencdp.ingest.testing.CommandLog;
import org.opencdp.ingest.testing.RouteFixture;
import org.opencdp.schemas.Topics;
import org.opencdp.ingest.testing.ServerIds;

@QuarkusTest
class CustomersRouteIT extends RouteFixture {

    private static final CommandLog<CustomerKey, CustomerCommand> log = closedAfterClass(CommandLog.customerCommands());

    @Test
    void shouldPublishOneTypedCommandPerCustomerOfTheSeedExample() {
        // Given the seed's POST /customers example, verbatim, with the demo workspace's key and secret
        final String requestId = newRequestId();
        // When posted
        final Response response = keySecret(requestId).body(seed("retainly-post-customers.json")).post("/customers");
        // Then 200 with a JSON string, our request id and a consistency token
        assertAccepted(response, requestId, "\"Accepted 2 customers\"");
        // And both customers' commands are in the log, typed, in request order
        final List<ConsumerRecord<CustomerKey, CustomerCommand>> records = log.awaitRequest(requestId, 2);
        assertThat(records).extracting(r -> r.value().getCommandId())
                .satisfiesExactlyInAnyOrder(ServerIds.command(0), ServerIds.command(1));
        final Map<String, CustomerCommand> byCustomer = records.stream()
                .collect(Collectors.toMap(r -> r.value().getCustomerId(), ConsumerRecord::value));
        assertThat(byCustomer).containsOnlyKeys("1", "2");
        final CustomerCommand first = byCustomer.get("1");
        assertThat(first.getWorkspaceId()).isEqualTo("demo");
        assertThat(first.getFamily()).isEqualTo(ApiFamily.RETAINLY);
        assertThat(first.getSourceRoute()).isEqualTo("POST /customers");
        assertThat(first.getCommandId()).satisfies(ServerIds.command(0));
        final Map<String, Object> attributes = ((UpsertAttributes) first.getCommand()).getAttributes();
        assertThat(attributes).doesNotContainKey("id")
                .containsEntry("customer_field_string", "value")
                .containsEntry("customer_field_boolean", true)
                .containsEntry("customer_field_number", 1L)
                .containsEntry("customer_field_date", "2022-02-25")
                .containsEntry("customer_field_array_with_linears", new ScalarList(List.of("one", "two", "three")));
        final ItemList items = (ItemList) ((UpsertAttributes) byCustomer.get("2").getCommand()).getAttributes()
                .get("customer_field_array_with_objects");
        assertThat(items.getItems()).hasSize(2);
        assertThat(items.getItems().get(0).getFields().get("object_field_array_with_nested_array"))
                .isInstanceOf(NestedItemList.class);
        // And every record is keyed by (workspace, customer) and carries the request id header
        assertThat(records).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(new CustomerKey("demo", r.value().getCustomerId()));
            assertThat(new String(r.headers().lastHeader(Topics.REQUEST_ID_HEADER).value(), StandardCharsets.UTF_8))
                    .isEqualTo(requestId);
        });
        // And the token names the highest offset written to each partition
        final ConsistencyToken token = ConsistencyToken.tryParse(response.header("X-Consistency-Token")).orElseThrow();
        final Map<Integer, Long> highest = records.stream().collect(Collectors.toMap(ConsumerRecord::partition,
                ConsumerRecord::offset, Math::max));
        assertThat(token.offsets()).isEqualTo(highest);
    }

    @Test
    void shouldWriteOneCustomersCommandsToOnePartitionInRequestOrder() {
        // Given customer 1 sent as 1, then as "1", with customers in between
        final String requestId = newRequestId();
        keySecret(requestId).body("""
                {"customers":[{"id":1,"n":1},{"id":"other-a"},{"id":"1","n":2},{"id":"other-b"},{"id":1,"n":3}]}""")
                .post("/customers").then().statusCode(200);
        // Then customer "1"'s three commands share a partition, in request order
        final List<ConsumerRecord<CustomerKey, CustomerCommand>> ofOne = log.awaitRequest(requestId, 5).stream()
                .filter(r -> r.value().getCustomerId().equals("1")).toList();
        assertThat(ofOne).hasSize(3);
        assertThat(ofOne).extracting(ConsumerRecord::partition).containsOnly(ofOne.get(0).partition());
        assertThat(ofOne).extracting(r -> ((UpsertAttributes) r.value().getCommand()).getAttributes().get("n"))
                .containsExactly(1L, 2L, 3L);
        assertThat(ofOne).extracting(ConsumerRecord::offset).isSorted();
    }

    @Test
    void shouldAcceptTheApiKeyHeadersAndABearerToken() {
        final String body = "{\"customers\":[{\"id\":\"bearer-1\",\"plan\":\"pro\"}]}";
        given().header("api-key", "demo-key").header("api-secret", "demo-secret").contentType(ContentType.JSON)
                .body(body).post("/customers").then().statusCode(200);
        given().header("Authorization", "Bearer demo-token").contentType(ContentType.JSON)
                .body(body).post("/customers").then().statusCode(200).header("X-Consistency-Token", matchesPattern(".+"));
    }

    @Test
    void shouldAnswer403ForbiddenWithoutValidCredentials() {
        final String body = "{\"customers\":[{\"id\":1}]}";
        assertForbidden(withoutCredentials().body(body).post("/customers"));
        assertForbidden(wrongSecret().body(body).post("/customers"));
        assertForbidden(wrongBearer().body(body).post("/customers"));
    }

    @Test
    void shouldListEveryViolationAndPublishNothing() {
        // Given a request with a valid customer and three violations
        final String requestId = newRequestId();
        final Response response = keySecret(requestId).body("""
                {"customers":[{"id":1,"ok":true},{"name":"no id"},{"id":3,"o":{"a":1},"s":"%s"}]}"""
                .formatted("x".repeat(1001))).post("/customers");
        // Then 422 lists each one in the seed's detail format
        response.then().statusCode(422).header("X-Request-Id", requestId);
        assertThat(response.jsonPath().getList("detail.loc")).containsExactly(
                List.of("body", "customers", 1, "id"),
                List.of("body", "customers", 2, "o"),
                List.of("body", "customers", 2, "s"));
        assertThat(response.jsonPath().getList("detail.type"))
                .containsExactly("missing", "object_not_allowed", "string_too_long");
        assertThat(response.jsonPath().getList("detail.msg", String.class)).allSatisfy(m -> assertThat(m).isNotBlank());
        // And nothing of it, not even the valid customer, is in the log
        assertThat(log.readToEnd(requestId)).isEmpty();
    }

    @Test
    void shouldAnswer400ForMalformedJson() {
        keySecret(newRequestId()).body("{\"customers\":[{\"id\":1,}]}").post("/customers")
                .then().statusCode(400).body("detail[0].type", equalTo("json_invalid"))
                .body("detail[0].loc[0]", equalTo("body"));
    }

    @Test
    void shouldAnswer422ForABodyOfTheWrongShape() {
        keySecret(newRequestId()).body("[1,2]").post("/customers")
                .then().statusCode(422).body("detail[0].loc", equalTo(List.of("body")));
    }

    @Test
    void shouldAnswer413ForABodyOverTheConfiguredSize() {
        // Given the test profile's 2M limit and a 3 MB body
        final String body = "{\"customers\":[{\"id\":1,\"s\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}]}";
        keySecret(newRequestId()).body(body).post("/customers").then().statusCode(413);
    }

    @Test
    void shouldServeOpenApiAndReadiness() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.keySet()", hasItem("/customers"));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void shouldAnswer422ForAControlCharacterInACustomerIdOrAHugeNumberAndPublishNothing() {
        // Given a customer id holding U+0000 (the projector's store-key separator) and a number past the bounds
        final String requestId = newRequestId();
        final Response response = keySecret(requestId).body("""
                {"customers":[{"id":"a\\u0000b","plan":"pro"},{"id":2,"n":1e400,"m":123456789012345678901234567890123456789012}]}""")
                .post("/customers");
        // Then 422 lists each, and nothing is published
        response.then().statusCode(422).header("X-Request-Id", requestId);
        assertThat(response.jsonPath().getList("detail.loc")).containsExactlyInAnyOrder(
                List.of("body", "customers", 0, "id"), List.of("body", "customers", 1, "n"),
                List.of("body", "customers", 1, "m"));
        assertThat(log.readToEnd(requestId)).isEmpty();
    }

    @Test
    void shouldAnswer400NotA5xxForANumberLiteralPastTheParsersLength() {
        // Given a number literal of 5,000 digits (past Jackson's stream read constraints)
        final Response response = keySecret(newRequestId())
                .body("{\"customers\":[{\"id\":1,\"n\":" + "9".repeat(5_000) + "}]}").post("/customers");
        // Then a 4xx: the body is malformed, never a server error
        response.then().statusCode(400);
    }
}
