package org.opencdp.ingest.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.WithTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.opencdp.ingest.TestJson;

/**
 * What the route ITs share: the command logs they read (closed after each test class), fresh request ids and
 * the seeds' credentials, and the embedded broker and registry (Quarkus reads {@code @WithTestResource} from this
 * superclass). A route IT extends it and keeps its own {@code @QuarkusTest} (Quarkus does not make a test class
 * whose {@code @QuarkusTest} is inherited a bean) and adds only the test resources of its own.
 */
@WithTestResource(EmbeddedInfrastructure.class)
public abstract class RouteFixture {

    /** A consistency token naming one or more partitions' positions. */
    protected static final String TOKEN = "\\d+:\\d+(,\\d+:\\d+)*";

    /** A consistency token naming one partition's position (a request whose commands share one key). */
    protected static final String ONE_PARTITION_TOKEN = "\\d+:\\d+";

    private static final List<CommandLog<?, ?>> LOGS = new ArrayList<>();

    /** {@code log}, closed after the test class (its consumer opens on first use). */
    protected static <K extends SpecificRecord, V extends SpecificRecord> CommandLog<K, V> closedAfterClass(
            final CommandLog<K, V> log) {
        LOGS.add(log);
        return log;
    }

    @AfterAll
    static void closeLogs() {
        LOGS.forEach(CommandLog::close);
    }

    protected static String newRequestId() {
        return "it-" + UUID.randomUUID();
    }

    /** Retainly's POST examples' headers: key and secret. */
    protected static RequestSpecification keySecret(final String requestId) {
        return given().header("accept", "application/json").header("key", "demo-key").header("secret", "demo-secret")
                .header("X-Request-Id", requestId).contentType(ContentType.JSON);
    }

    /** Retainly's DELETE examples' headers: api-key and api-secret. */
    protected static RequestSpecification apiKeySecret(final String requestId) {
        return given().header("accept", "application/json").header("api-key", "demo-key")
                .header("api-secret", "demo-secret").header("X-Request-Id", requestId).contentType(ContentType.JSON);
    }

    /** The demo workspace's bearer token, as Retently and Attentive callers send it. */
    protected static RequestSpecification bearer(final String requestId) {
        return given().header("Authorization", "Bearer demo-token").header("X-Request-Id", requestId)
                .contentType(ContentType.JSON);
    }

    /** The seed example {@code name} (under {@code /seeds/}), verbatim. */
    protected static String seed(final String name) {
        return TestJson.resource("/seeds/" + name);
    }

    /** Then: {@code response} is a 200 echoing {@code requestId}; the caller goes on asserting on what it answers. */
    protected static ValidatableResponse assertOk(final Response response, final String requestId) {
        return response.then().statusCode(200).header("X-Request-Id", requestId);
    }

    /**
     * Then: Retainly's acceptance of a batch: a 200 echoing {@code requestId}, with a consistency token and the JSON
     * string {@code body} (such as {@code "Accepted 2 customers"}, quotes included).
     */
    protected static void assertAccepted(final Response response, final String requestId, final String body) {
        assertOk(response, requestId).contentType(ContentType.JSON).header("X-Consistency-Token", matchesPattern(TOKEN));
        assertThat(response.body().asString()).isEqualTo(body);
    }

    /** A JSON request without any credentials. */
    protected static RequestSpecification withoutCredentials() {
        return given().contentType(ContentType.JSON);
    }

    /** Retainly's POST headers with the demo key and a wrong secret. */
    protected static RequestSpecification wrongSecret() {
        return given().header("key", "demo-key").header("secret", "wrong").contentType(ContentType.JSON);
    }

    /** A bearer token no workspace issued. */
    protected static RequestSpecification wrongBearer() {
        return given().header("Authorization", "Bearer wrong").contentType(ContentType.JSON);
    }

    /** Then: Retainly's 403 {@code {"message":"forbidden"}}. */
    protected static void assertForbidden(final Response response) {
        response.then().statusCode(403).body("message", equalTo("forbidden"));
    }

    /** Then: Retently's and Attentive's 401 {@code {"message":"unauthorized"}}. */
    protected static void assertUnauthorized(final Response response) {
        response.then().statusCode(401).body("message", equalTo("unauthorized"));
    }
}
