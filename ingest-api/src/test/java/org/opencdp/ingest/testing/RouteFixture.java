package org.opencdp.ingest.testing;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.WithTestResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;

/**
 * What the route ITs share: the command logs they read (closed after each test class), fresh request ids and
 * the seeds' credentials, and the embedded broker and registry (Quarkus reads {@code @WithTestResource} from this
 * superclass). A route IT extends it and keeps its own {@code @QuarkusTest} (Quarkus does not make a test class
 * whose {@code @QuarkusTest} is inherited a bean) and adds only the test resources of its own.
 */
@WithTestResource(EmbeddedInfrastructure.class)
public abstract class RouteFixture {

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
}
