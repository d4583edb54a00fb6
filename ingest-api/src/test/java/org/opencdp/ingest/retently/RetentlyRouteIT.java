package org.opencdp.ingest.retently;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.ScalarList;
import org.opencdp.avro.TrackEvent;
import org.opencdp.avro.UpsertAttributes;
import org.opencdp.ingest.testing.CommandLog;
import org.opencdp.ingest.testing.RouteFixture;
import org.opencdp.ingest.testing.ServerIds;

@QuarkusTest
class RetentlyRouteIT extends RouteFixture {

    private static final CommandLog<CustomerKey, CustomerCommand> log = closedAfterClass(CommandLog.customerCommands());

    private static UpsertAttributes upsertOf(final CustomerCommand command) {
        return (UpsertAttributes) command.getCommand();
    }

    @Test
    void shouldUpsertTheSeedsCreateExample() {
        // Given the Retently seed's first example, verbatim
        final String requestId = newRequestId();
        // When posted to /api/v2/customers
        final Response response = bearer(requestId).body(seed("retently-create-property.json")).post("/api/v2/customers");
        // Then 200 {"message":"Accepted 1 subscriber"} with a consistency token
        assertOk(response, requestId).contentType(ContentType.JSON)
                .header("X-Consistency-Token", matchesPattern(ONE_PARTITION_TOKEN))
                .body("message", equalTo("Accepted 1 subscriber"));
        // And one Retently upsert keyed by the email, built-ins and the normalised label declared
        final CustomerCommand command = log.awaitRequest(requestId, 1).get(0).value();
        assertThat(command.getCustomerId()).isEqualTo("johnsmith@example.com");
        assertThat(command.getFamily()).isEqualTo(ApiFamily.RETENTLY);
        assertThat(command.getSourceRoute()).isEqualTo("POST /api/v2/customers");
        assertThat(upsertOf(command).getAttributes()).containsEntry("first_name", "John")
                .containsEntry("last_name", "Smith").containsEntry("company", "ACME")
                .containsEntry("tags", new ScalarList(List.of("foo", "bar")))
                .containsEntry("subscription_name", "Free trial");
        assertThat(upsertOf(command).getDeclaredTypes()).isEqualTo(Map.of("first_name", "string",
                "last_name", "string", "company", "string", "tags", "collection", "subscription_name", "string"));
    }

    @Test
    void shouldUpsertTheSeedsUpdateAndUnassignExamplesAsPartialUpdates() {
        // Given the seed's update example, then its unassign example, verbatim
        final String update = newRequestId();
        final String unassign = newRequestId();
        bearer(update).body(seed("retently-update-property.json")).post("/api/v2/customers")
                .then().statusCode(200);
        bearer(unassign).body(seed("retently-unassign-property.json")).post("/api/v2/customers")
                .then().statusCode(200);
        // Then each names only its property: the new value, then "" (which clears on Retently routes)
        assertThat(upsertOf(log.awaitRequest(update, 1).get(0).value()).getAttributes())
                .isEqualTo(Map.of("subscription_name", "Professional plan"));
        final UpsertAttributes cleared = upsertOf(log.awaitRequest(unassign, 1).get(0).value());
        assertThat(cleared.getAttributes()).isEqualTo(Map.of("subscription_name", ""));
        assertThat(cleared.getDeclaredTypes()).isEmpty();
    }

    @Test
    void shouldUpsertAndEmitTheSurveyEventForTheSeedsCreateExample() {
        // Given the Retently seed's first example, verbatim, sent to the survey route
        final String requestId = newRequestId();
        bearer(requestId).body(seed("retently-create-property.json")).post("/api/v2/survey")
                .then().statusCode(200).header("X-Consistency-Token", matchesPattern(ONE_PARTITION_TOKEN))
                .body("message", equalTo("Accepted 1 subscriber"));
        // Then the subscriber's upsert, then its survey.requested event, in order on its partition
        final List<ConsumerRecord<CustomerKey, CustomerCommand>> records = log.awaitRequest(requestId, 2);
        assertThat(records).extracting(r -> r.value().getCommandId()).satisfiesExactly(ServerIds.command(0), ServerIds.command(1));
        assertThat(upsertOf(records.get(0).value()).getAttributes()).containsEntry("subscription_name", "Free trial");
        assertThat(records.get(1).value().getCommand())
                .isEqualTo(new TrackEvent("survey.requested", Map.of("email", "johnsmith@example.com")));
        assertThat(records).extracting(r -> r.key()).containsOnly(new CustomerKey("demo", "johnsmith@example.com"));
    }

    @Test
    void shouldFollowEachSurveyedSubscribersUpsertWithItsEventOnTheSamePartition() {
        // Given the seed's create example sent to the survey route, with a second subscriber
        final String requestId = newRequestId();
        bearer(requestId).body("""
                {"subscribers":[{"email":"johnsmith@example.com","first_name":"John"},{"email":" Ann@Example.com "}]}""")
                .post("/api/v2/survey").then().statusCode(200).body("message", equalTo("Accepted 2 subscribers"));
        // Then each subscriber's upsert is followed, on its partition, by its survey.requested event
        final List<ConsumerRecord<CustomerKey, CustomerCommand>> records = log.awaitRequest(requestId, 4);
        for (final String customer : List.of("johnsmith@example.com", "ann@example.com")) {
            final List<ConsumerRecord<CustomerKey, CustomerCommand>> ofCustomer = records.stream()
                    .filter(r -> r.value().getCustomerId().equals(customer)).toList();
            assertThat(ofCustomer).hasSize(2);
            assertThat(ofCustomer.get(0).value().getCommand()).isInstanceOf(UpsertAttributes.class);
            assertThat(ofCustomer.get(1).value().getCommand()).isInstanceOf(TrackEvent.class);
            assertThat(ofCustomer.get(1).partition()).isEqualTo(ofCustomer.get(0).partition());
            assertThat(ofCustomer.get(1).offset()).isGreaterThan(ofCustomer.get(0).offset());
        }
        assertThat(records).extracting(r -> r.value().getCommand()).contains(
                new TrackEvent("survey.requested", Map.of("email", "Ann@Example.com")));
        assertThat(records).extracting(r -> r.value().getSourceRoute()).containsOnly("POST /api/v2/survey");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v2/customers", "/api/v2/survey"})
    void shouldAnswer422InTheErrorsFormatAndPublishNothing(final String route) {
        // Given a subscriber without email and a property whose value is an object
        final String requestId = newRequestId();
        final Response response = bearer(requestId).body("""
                {"subscribers":[{"first_name":"John","properties":[{"label":"Plan","value":{"a":1}}]}]}""")
                .post(route);
        // Then 422 names each field with brackets
        response.then().statusCode(422).contentType(ContentType.JSON);
        assertThat(response.jsonPath().getMap("errors")).containsOnlyKeys("subscribers[0].email",
                "subscribers[0].properties[0].value");
        assertThat(response.jsonPath().getList("errors.'subscribers[0].email'")).containsExactly("is required");
        assertThat(log.readToEnd(requestId)).isEmpty();
    }

    @Test
    void shouldAnswer400InTheErrorsFormatForMalformedJson() {
        bearer(newRequestId()).body("{\"subscribers\":[").post("/api/v2/customers")
                .then().statusCode(400).body("errors.body[0]", matchesPattern("Malformed JSON: .+"));
    }

    @Test
    void shouldAnswer401WithoutValidCredentials() {
        final String body = "{\"subscribers\":[{\"email\":\"a@example.com\"}]}";
        assertUnauthorized(withoutCredentials().body(body).post("/api/v2/customers"));
        assertUnauthorized(wrongBearer().body(body).post("/api/v2/survey"));
    }

    @Test
    void shouldAcceptKeyAndSecretWhichGrantEveryScope() {
        given().header("key", "demo-key").header("secret", "demo-secret").contentType(ContentType.JSON)
                .body("{\"subscribers\":[{\"email\":\"a@example.com\"}]}").post("/api/v2/survey")
                .then().statusCode(200);
    }
}
