package org.opencdp.ingest.customer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.DeleteCustomer;
import org.opencdp.ingest.testing.CommandLog;
import org.opencdp.ingest.testing.RouteFixture;
import org.opencdp.ingest.testing.ServerIds;

@QuarkusTest
class DeleteCustomersRouteIT extends RouteFixture {

    private static final CommandLog<CustomerKey, CustomerCommand> log = closedAfterClass(CommandLog.customerCommands());

    @Test
    void shouldPublishOneDeletePerIdOfTheSeedExampleLeadingZerosIncluded() {
        // Given the seed's DELETE /customers example, verbatim: ids 01010011234… with leading zeros
        final String requestId = newRequestId();
        // When sent
        final Response response = apiKeySecret(requestId).body(seed("retainly-delete-customers.json")).delete("/customers");
        // Then 200 with a JSON string and a consistency token
        assertAccepted(response, requestId, "\"Accepted 3 customers\"");
        // And one DeleteCustomer per id is in the log, ids as the numbers they spell, each keyed by its customer
        final List<ConsumerRecord<CustomerKey, CustomerCommand>> records = log.awaitRequest(requestId, 3);
        assertThat(records).extracting(r -> r.value().getCustomerId())
                .containsExactlyInAnyOrder("1010011234", "1010011235", "1010011236");
        assertThat(records).allSatisfy(r -> {
            assertThat(r.value().getCommand()).isEqualTo(new DeleteCustomer());
            assertThat(r.value().getSourceRoute()).isEqualTo("DELETE /customers");
            assertThat(r.key()).isEqualTo(new CustomerKey("demo", r.value().getCustomerId()));
        });
        assertThat(records).extracting(r -> r.value().getCommandId())
                .satisfiesExactlyInAnyOrder(ServerIds.command(0), ServerIds.command(1), ServerIds.command(2));
    }

    @Test
    void shouldAcceptABearerTokenWithTheDeleteScope() {
        given().header("Authorization", "Bearer demo-token").contentType(ContentType.JSON)
                .body("{\"customers_ids\":[\"never-existed\"]}").delete("/customers").then().statusCode(200);
    }

    @Test
    void shouldAnswer422ForAnEmptyListAndPublishNothing() {
        final String requestId = newRequestId();
        apiKeySecret(requestId).body("{\"customers_ids\":[]}").delete("/customers").then().statusCode(422)
                .body("detail[0].loc", equalTo(List.of("body", "customers_ids")))
                .body("detail[0].type", equalTo("too_short"));
        assertThat(log.readToEnd(requestId)).isEmpty();
    }

    @Test
    void shouldAnswer403ForbiddenWithoutValidCredentials() {
        assertForbidden(withoutCredentials().body("{\"customers_ids\":[1]}").delete("/customers"));
    }
}
