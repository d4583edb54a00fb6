package org.opencdp.ingest.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.junit.jupiter.api.Test;
import org.opencdp.ingest.testing.EmbeddedInfrastructure;
import org.opencdp.ingest.testing.UnreachableProjector;

@QuarkusTest
@WithTestResource(EmbeddedInfrastructure.class)
@WithTestResource(UnreachableProjector.class)
class UnreachableProjectorIT {

    @Test
    void shouldAnswer503WithRetryAfterWhenNothingListens() {
        given().header("Authorization", "Bearer demo-token").header("X-Request-Id", "it-no-projector")
                .get("/customers/1").then().statusCode(503).contentType("application/json")
                .header("Retry-After", UnreachableProjector.RETRY_AFTER_SECONDS)
                .body("message", not(emptyOrNullString())).body("request_id", equalTo("it-no-projector"));
        given().header("Authorization", "Bearer demo-token").get("/properties").then().statusCode(503)
                .header("Retry-After", UnreachableProjector.RETRY_AFTER_SECONDS);
    }
}
