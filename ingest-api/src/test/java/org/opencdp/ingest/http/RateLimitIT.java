package org.opencdp.ingest.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.hamcrest.Matcher;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.opencdp.ingest.testing.EmbeddedInfrastructure;
import org.opencdp.ingest.testing.TightRateLimits;

/**
 * Contract section 10's rate limits over HTTP, with limits a test reaches ({@link TightRateLimits}): the
 * workspace's bucket, then the failed-authentication cap. In order: each test leaves the limits as the next needs.
 */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructure.class)
@WithTestResource(TightRateLimits.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RateLimitIT {

    /** Retry-After: whole seconds until a token is back (at most 100 at 0.01 per second), never 0. */
    private static final Matcher<String> WITHIN_100_S = matchesPattern("[1-9][0-9]?|100");
    private static final String INVALID = "{\"customers\":[{\"first_name\":\"no id\"}]}";

    @Test
    @Order(1)
    void shouldAnswer429WithRetryAfterOnceTheWorkspaceSpentItsBurst() {
        // Given a workspace whose bucket holds 3 requests: 3 requests are served by their routes (refused 422 here,
        // before anything is published: a refused request costs a token like any other)
        for (int i = 0; i < TightRateLimits.BURST; i++) {
            given().header("key", "demo-key").header("secret", "demo-secret").contentType("application/json")
                    .body(INVALID).post("/customers").then().statusCode(422);
        }
        // When it sends one more, on any route and with any of its credentials
        // Then it is answered 429 with Retry-After, in the route family's format, before its route runs
        given().header("Authorization", "Bearer demo-token").header("X-Request-Id", "rl-1").get("/workflows")
                .then().statusCode(429).header("Retry-After", WITHIN_100_S).contentType("application/json")
                .body("message", containsString("rate limit")).body("request_id", equalTo("rl-1"));
        given().header("key", "demo-key").header("secret", "demo-secret").contentType("application/json")
                .body("{\"customers\":[{\"id\":1}]}").post("/customers")
                .then().statusCode(429).header("Retry-After", WITHIN_100_S).body("message", containsString("Retry after"));
    }

    @Test
    @Order(2)
    void shouldAnswerPostEventsInItsOwnErrorFormat() {
        // Given the workspace's bucket is empty (the test before)
        // When an event is posted
        // Then the 429 carries POST /events' errors object
        given().header("key", "demo-key").header("secret", "demo-secret").contentType("application/json")
                .body("{\"customer_id\":1,\"event\":\"e\"}").post("/events")
                .then().statusCode(429).header("Retry-After", WITHIN_100_S)
                .body("errors.request", hasItem(containsString("rate limit")));
    }

    @Test
    @Order(3)
    void shouldRefuseEvenTheRightSecretOnceTooManyAuthenticationsFailedThisMinute() {
        // Given 5 wrong secrets for the demo key, each refused as the route family does (403, not counted in a bucket)
        for (int i = 0; i < TightRateLimits.FAILED_AUTHENTICATIONS; i++) {
            given().header("key", "demo-key").header("secret", "guess-" + i).contentType("application/json")
                    .body("{\"customers\":[{\"id\":1}]}").post("/customers").then().statusCode(403);
        }
        // When the next guess, and then a different key from the same address, are tried
        // Then both are 429 until the minute has passed: the key and the address are both capped
        given().header("key", "demo-key").header("secret", "guess-6").contentType("application/json")
                .body("{\"customers\":[{\"id\":1}]}").post("/customers")
                .then().statusCode(429).body("message", containsString("failed authentications"));
        given().header("Authorization", "Bearer another-guess").get("/workflows")
                .then().statusCode(429).body("message", containsString("failed authentications"));
    }
}
