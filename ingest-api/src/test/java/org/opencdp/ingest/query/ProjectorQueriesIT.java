package org.opencdp.ingest.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;

import java.time.Duration;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import org.junit.jupiter.api.Test;
import org.opencdp.ingest.testing.EmbeddedInfrastructure;

@QuarkusTest
@WithTestResource(EmbeddedInfrastructure.class)
@WithTestResource(ProjectorStub.class)
class ProjectorQueriesIT {

    @Test
    void shouldRelayAProfileReadWithItsQueryStringCredentialsAndRequestId() {
        // Given a read with a consistency token and a bearer token
        // When asked of ingest-api
        final Response response = given().urlEncodingEnabled(false).header("Authorization", "Bearer demo-token")
                .header("X-Request-Id", "it-read-1").header("Accept", "application/json")
                .get("/customers/42?after=0:17,2:5");
        // Then the projector's answer comes back as it is: status, body, its headers, our request id
        response.then().statusCode(200).contentType("application/json")
                .header(ProjectorStub.SERVED_BY, "stub:1").header("X-Request-Id", "it-read-1");
        // And the projector was asked the same GET, path and query, with the caller's credentials and request id
        response.then().body("method", equalTo("GET"))
                .body("path", equalTo("/customers/42"))
                .body("query", equalTo("after=0:17,2:5"))
                .body("headers.Authorization", equalTo("Bearer demo-token"))
                .body("headers.X-Request-Id", equalTo("it-read-1"))
                .body("headers.Accept", equalTo("application/json"));
    }

    @Test
    void shouldPassKeyAndSecretAndKeepTheIdEncoded() {
        given().urlEncodingEnabled(false).header("key", "demo-key").header("secret", "demo-secret")
                .get("/customers/john%40example.com").then().statusCode(200)
                .body("path", equalTo("/customers/john%40example.com"))
                .body("headers.key", equalTo("demo-key")).body("headers.secret", equalTo("demo-secret"));
    }

    @Test
    void shouldRelayTheProjectorsErrorsAsTheyAre() {
        given().header("Authorization", "Bearer demo-token").get("/customers/missing")
                .then().statusCode(404).header("Retry-After", "9").body("path", equalTo("/customers/missing"));
    }

    @Test
    void shouldRelayTheCatalog() {
        given().header("Authorization", "Bearer demo-token").get("/properties")
                .then().statusCode(200).body("path", equalTo("/properties")).body("query", equalTo(null));
    }

    @Test
    void shouldRelayASegmentDefinitionWithItsBody() {
        // Given a definition with multi-byte text
        final String definition = "{\"name\":\"Actifs 🎯\",\"match\":\"all\",\"conditions\":[]}";
        // When written through ingest-api
        // Then the projector is asked the same method and path with the same bytes, as JSON
        given().header("Authorization", "Bearer demo-token").contentType("application/json; charset=utf-8")
                .body(definition.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/segments")
                .then().statusCode(200).body("method", equalTo("POST")).body("path", equalTo("/segments"))
                .body("body", equalTo(definition)).body("headers.Content-Type", equalTo("application/json"))
                .body("headers.Authorization", equalTo("Bearer demo-token"));
        given().header("Authorization", "Bearer demo-token").contentType("application/json").body(definition)
                .put("/segments/s-1").then().statusCode(200).body("method", equalTo("PUT"))
                .body("path", equalTo("/segments/s-1")).body("body", equalTo(definition));
        given().header("Authorization", "Bearer demo-token").delete("/segments/s-1").then().statusCode(200)
                .body("method", equalTo("DELETE")).body("body", equalTo(null));
        given().header("Authorization", "Bearer demo-token").get("/segments?limit=2&cursor=abc").then().statusCode(200)
                .body("method", equalTo("GET")).body("query", equalTo("limit=2&cursor=abc"));
    }

    @Test
    void shouldNotRelayADefinitionOverItsBound() {
        given().header("Authorization", "Bearer demo-token").contentType("application/json")
                .body("{\"name\":\"" + "x".repeat(300 * 1024) + "\"}").post("/segments")
                .then().statusCode(413).body("message", not(emptyOrNullString()));
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenTheProjectorIsTooSlow() {
        // Given a projector that answers after 3 s and ingest-api's 1 s bound
        final long start = System.nanoTime();
        // When read; Then 503 with Retry-After and the request id, soon after the bound
        given().header("Authorization", "Bearer demo-token").header("X-Request-Id", "it-slow")
                .get("/customers/slow").then().statusCode(503).header("Retry-After", "3")
                .body("message", not(emptyOrNullString())).body("request_id", equalTo("it-slow"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    }
}
