package org.opencdp.ingest.publish;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import org.junit.jupiter.api.Test;
import org.opencdp.ingest.testing.UnreachableRegistry;

@QuarkusTest
@WithTestResource(UnreachableRegistry.class)
class UnreachableRegistryIT {

    @Test
    void shouldAnswer503WhenTheSchemaRegistryIsDown() {
        // Given Kafka up but the registry unreachable (no schema id can be had for the commands)
        // When a valid write arrives; Then 503, not 500
        given().header("key", "demo-key").header("secret", "demo-secret").header("X-Request-Id", "it-no-registry")
                .contentType(ContentType.JSON).body("{\"customers\":[{\"id\":1,\"plan\":\"pro\"}]}").post("/customers")
                .then().statusCode(503).header("Retry-After", equalTo("5")).body("request_id", equalTo("it-no-registry"));
    }
}
