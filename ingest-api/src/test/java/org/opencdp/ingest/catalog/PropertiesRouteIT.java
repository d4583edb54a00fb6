package org.opencdp.ingest.catalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CatalogCommand;
import org.opencdp.avro.DefineProperty;
import org.opencdp.avro.DeleteProperty;
import org.opencdp.avro.PropertyKey;
import org.opencdp.ingest.testing.CommandLog;
import org.opencdp.ingest.testing.RouteFixture;
import org.opencdp.ingest.testing.ServerIds;

@QuarkusTest
class PropertiesRouteIT extends RouteFixture {

    private static final CommandLog<PropertyKey, CatalogCommand> log = closedAfterClass(CommandLog.catalogCommands());

    @Test
    void shouldPublishADefinitionKeyedByPropertyAndAnswerIt() {
        // Given an enum definition for "Tier Level" (a name with a space, kept verbatim)
        final String requestId = newRequestId();
        // When put
        final Response response = bearer(requestId).body("{\"type\":\"enum\",\"enum_values\":[\"gold\",\"silver\"]}")
                .put("/properties/Tier Level");
        // Then 202 with the definition (in the catalog log; the projector, absent from these tests, never shows it
        // within the wait), and no consistency token (it names customer-commands positions only)
        response.then().statusCode(202).contentType(ContentType.JSON).header("X-Request-Id", requestId)
                .header("X-Consistency-Token", (String) null)
                .body("name", equalTo("Tier Level")).body("type", equalTo("enum"))
                .body("enum_values", equalTo(List.of("gold", "silver")));
        // And one DefineProperty is on catalog-commands, keyed (workspace, name)
        final List<ConsumerRecord<PropertyKey, CatalogCommand>> records = log.awaitRequest(requestId, 1);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo(new PropertyKey("demo", "Tier Level"));
        final CatalogCommand command = records.get(0).value();
        assertThat(command.getCommandId()).satisfies(ServerIds.command(0));
        assertThat(command.getSourceRoute()).isEqualTo("PUT /properties/{name}");
        assertThat(command.getFamily()).isEqualTo(ApiFamily.UPSTREAM);
        assertThat(command.getCommand()).isEqualTo(new DefineProperty("enum", List.of("gold", "silver")));
    }

    @Test
    void shouldAnswerANonEnumDefinitionWithEmptyEnumValues() {
        bearer(newRequestId()).body("{\"type\":\"date\"}").put("/properties/signed_up")
                .then().statusCode(202).body("type", equalTo("date")).body("enum_values", equalTo(List.of()));
    }

    @Test
    void shouldPublishADeletionAndAnswerItIdempotently() {
        // Given a property deleted twice (the second finds nothing: not an error)
        final String first = newRequestId();
        final String second = newRequestId();
        given().header("key", "demo-key").header("secret", "demo-secret").header("X-Request-Id", first)
                .delete("/properties/plan").then().statusCode(202)
                .body("name", equalTo("plan")).body("deleted", equalTo(true));
        bearer(second).delete("/properties/plan").then().statusCode(202).body("deleted", equalTo(true));
        // Then each published a DeleteProperty for it
        for (final String requestId : List.of(first, second)) {
            final ConsumerRecord<PropertyKey, CatalogCommand> record = log.awaitRequest(requestId, 1).get(0);
            assertThat(record.key()).isEqualTo(new PropertyKey("demo", "plan"));
            assertThat(record.value().getCommand()).isEqualTo(new DeleteProperty());
            assertThat(record.value().getSourceRoute()).isEqualTo("DELETE /properties/{name}");
        }
    }

    @Test
    void shouldAnswer422NamingTheFieldAndPublishNothing() {
        final String requestId = newRequestId();
        final Response response = bearer(requestId).body("{\"type\":\"colour\"}").put("/properties/p");
        response.then().statusCode(422);
        assertThat(response.jsonPath().getMap("errors")).containsOnlyKeys("type");
        bearer(requestId).body("{\"type\":\"string\",\"enum_values\":[\"a\"]}").put("/properties/p")
                .then().statusCode(422).body("errors.enum_values[0]", equalTo("is only allowed for the enum type"));
        assertThat(log.readToEnd(requestId)).isEmpty();
    }

    @Test
    void shouldAnswer422ForANameOver200Characters() {
        bearer(newRequestId()).delete("/properties/" + "n".repeat(201))
                .then().statusCode(422).body("errors.name[0]", equalTo("is too long (at most 200 characters)"));
    }

    @Test
    void shouldAnswer400ForMalformedJson() {
        bearer(newRequestId()).body("{\"type\":").put("/properties/p")
                .then().statusCode(400).body("errors.body.size()", equalTo(1));
    }

    @Test
    void shouldAnswer401WithoutValidCredentials() {
        assertUnauthorized(withoutCredentials().body("{\"type\":\"string\"}").put("/properties/p"));
        assertUnauthorized(given().delete("/properties/p"));
    }

    @Test
    void shouldDocumentTheRoutesInOpenApi() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.keySet()", hasItem("/properties/{name}"))
                .body("paths.keySet()", hasItem("/arrays"))
                .body("paths.keySet()", hasItem("/api/v2/survey"));
    }
}
