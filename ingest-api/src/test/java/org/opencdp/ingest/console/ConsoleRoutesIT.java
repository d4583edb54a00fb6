package org.opencdp.ingest.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.CustomerKey;
import org.opencdp.ingest.testing.EmbeddedInfrastructure;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.RestSchemaRegistry;

/**
 * What the console needs of ingest-api: its files under a strict Content-Security-Policy, the relays to the
 * workflow trigger and the projector from this origin, and {@code GET /dead-letters}.
 */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructure.class)
@WithTestResource(TriggerStub.class)
class ConsoleRoutesIT {

    private static final String ADMIN = "Bearer demo-admin";
    private static final String TOPIC = Topics.CUSTOMER_COMMANDS_DLQ;
    private static final Instant WRITTEN = Instant.parse("2026-11-23T01:00:00Z");
    private static final byte[] BINARY = new byte[10_000];

    /** Dead letters of the demo workspace (two), another workspace's, and one whose key names none. */
    @BeforeAll
    static void deadLetters() throws Exception {
        new Random(7).nextBytes(BINARY);
        BINARY[0] = (byte) 0xff;
        final var infrastructure = EmbeddedInfrastructure.infrastructure();
        final var keys = Topics.CUSTOMER_COMMANDS.keySerde(new RestSchemaRegistry(infrastructure.registryUrl()));
        final byte[] demo = keys.serialize(Topics.CUSTOMER_COMMANDS.name(), new CustomerKey("demo", "c-1"));
        final byte[] other = keys.serialize(Topics.CUSTOMER_COMMANDS.name(), new CustomerKey("other", "c-1"));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(deadLetter(demo, "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8),
                    "unreadable: not Avro", "dl-text", WRITTEN)).get();
            producer.send(deadLetter(demo, BINARY, "refused: too large", "dl-binary", WRITTEN.plusSeconds(5))).get();
            producer.send(deadLetter(other, new byte[] {1}, "another workspace's", "dl-other", WRITTEN.plusSeconds(6))).get();
            producer.send(deadLetter("no key of ours".getBytes(StandardCharsets.UTF_8), new byte[] {1}, "whose?",
                    "dl-nobody", WRITTEN.plusSeconds(7))).get();
        }
    }

    private static ProducerRecord<byte[], byte[]> deadLetter(final byte[] key, final byte[] value, final String reason,
                                                             final String requestId, final Instant at) {
        final RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.DEAD_LETTER_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.DEAD_LETTER_TOPIC_HEADER, "customer-commands".getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.DEAD_LETTER_OFFSET_HEADER, "41".getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.REQUEST_ID_HEADER, requestId.getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(TOPIC, 0, at.toEpochMilli(), key, value, headers);
    }

    @Test
    void shouldServeTheConsoleUnderAStrictContentSecurityPolicy() {
        // When the page and its script are fetched; Then they come from here, with no inline script allowed
        final String page = given().get("/console/").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Content-Type-Options", "nosniff")
                .extract().asString();
        assertThat(page).contains("<script src=\"console.js\" defer></script>").doesNotContain("http://", "https://");
        final String script = given().get("/console/console.js").then().statusCode(200)
                .header("Content-Security-Policy", containsString("connect-src 'self'")).extract().asString();
        // And the script renders data as text only
        assertThat(script).contains("textContent").doesNotContain("innerHTML", "insertAdjacentHTML", "eval(",
                "document.write", "http://", "https://");
    }

    @Test
    void shouldOpenTheConsoleAtItsPathWithoutATrailingSlash() {
        given().redirects().follow(true).get("/console").then().statusCode(200)
                .body(containsString("<script src=\"console.js\" defer></script>"));
    }

    @Test
    void shouldRelayTheWorkflowReadsToTheTriggerWithTheCallersToken() {
        // When the console asks ingest-api for a workflow's runs
        given().urlEncodingEnabled(false).header("Authorization", "Bearer demo-token").header("X-Request-Id", "it-runs")
                .get("/workflows/w-1/runs?customer_id=a%2Fb&limit=5")
                // Then the trigger was asked the same GET with the caller's token and request id
                .then().statusCode(200).header("X-Request-Id", "it-runs")
                .body("method", equalTo("GET")).body("path", equalTo("/workflows/w-1/runs"))
                .body("query", equalTo("customer_id=a%2Fb&limit=5"))
                .body("headers.Authorization", equalTo("Bearer demo-token"))
                .body("headers.X-Request-Id", equalTo("it-runs"));
        given().header("Authorization", "Bearer demo-token").get("/workflows").then().statusCode(200)
                .body("path", equalTo("/workflows"));
        given().header("Authorization", "Bearer demo-token").get("/workflows/w-1").then().statusCode(200)
                .body("path", equalTo("/workflows/w-1"));
        given().header("Authorization", "Bearer demo-token").get("/runs/r-1").then().statusCode(200)
                .body("path", equalTo("/runs/r-1"));
    }

    @Test
    void shouldRelayTheAdminActionsAsPostsWithTheCallersToken() {
        given().header("Authorization", ADMIN).post("/runs/r-1/retry").then().statusCode(200)
                .body("method", equalTo("POST")).body("path", equalTo("/runs/r-1/retry"))
                .body("headers.Authorization", equalTo(ADMIN));
        given().header("Authorization", ADMIN).post("/customers/c-1/merges/m-1/undo").then().statusCode(200)
                .body("method", equalTo("POST")).body("path", equalTo("/customers/c-1/merges/m-1/undo"))
                .body("headers.Authorization", equalTo(ADMIN));
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenTheTriggerIsTooSlow() {
        final long start = System.nanoTime();
        given().header("Authorization", "Bearer demo-token").header("X-Request-Id", "it-slow-trigger")
                .get("/workflows/slow").then().statusCode(503).header("Retry-After", "4")
                .body("message", containsString("workflow service")).body("request_id", equalTo("it-slow-trigger"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void shouldListTheWorkspacesNewestDeadLettersWithReasonHeadersAndBoundedValues() {
        // When an admin of the demo workspace lists the dead letters of customer-commands
        final JsonPath listing = given().header("Authorization", ADMIN)
                .get("/dead-letters?topic=" + TOPIC + "&limit=10").then().statusCode(200).extract().jsonPath();

        // Then only its own workspace's records show, newest first
        final List<String> requestIds = listing.getList("records.request_id");
        assertThat(requestIds).contains("dl-binary", "dl-text").doesNotContain("dl-other", "dl-nobody");
        assertThat(requestIds.indexOf("dl-binary")).isLessThan(requestIds.indexOf("dl-text"));
        assertThat(listing.getList("topics", String.class)).containsExactly(TOPIC);
        assertThat(listing.getBoolean("complete")).isTrue();
        // And each with its reason, where it was read, its headers; text as text, binary as bounded base64
        final Map<String, Object> text = listing.getMap("records.find { it.request_id == 'dl-text' }");
        assertThat(text).containsEntry("reason", "unreadable: not Avro").containsEntry("source_topic", "customer-commands")
                .containsEntry("source_offset", "41").containsEntry("timestamp", WRITTEN.toString());
        assertThat(listing.getString("records.find { it.request_id == 'dl-text' }.value.encoding")).isEqualTo("text");
        assertThat(listing.getString("records.find { it.request_id == 'dl-text' }.value.value"))
                .isEqualTo("<script>alert(1)</script>");
        // And an Avro key, binary with its framing, as base64
        assertThat(listing.getString("records.find { it.request_id == 'dl-text' }.key.encoding")).isEqualTo("base64");
        assertThat(listing.getList("records.find { it.request_id == 'dl-text' }.headers.name"))
                .contains(Topics.DEAD_LETTER_REASON_HEADER, Topics.REQUEST_ID_HEADER);
        final Map<String, Object> binary = listing.getMap("records.find { it.request_id == 'dl-binary' }.value");
        assertThat(binary).containsEntry("encoding", "base64").containsEntry("bytes", 10_000).containsEntry("truncated", true);
        assertThat(Base64.getDecoder().decode((String) binary.get("value"))).hasSize(4096)
                .isEqualTo(Arrays.copyOf(BINARY, 4096));
    }

    @Test
    void shouldBoundTheDeadLetterListingToItsLimit() {
        given().header("Authorization", ADMIN).get("/dead-letters?topic=" + TOPIC + "&limit=1").then().statusCode(200)
                .body("records.size()", equalTo(1)).body("records[0].request_id", equalTo("dl-binary"));
    }

    @Test
    void shouldRefuseDeadLettersToAnyoneButAWorkspaceAdminAndBadQueries() {
        given().get("/dead-letters").then().statusCode(401).body("message", equalTo("unauthorized"));
        given().header("Authorization", "Bearer demo-token").get("/dead-letters").then().statusCode(403)
                .body("message", equalTo("forbidden"));
        given().header("Authorization", ADMIN).get("/dead-letters?limit=0").then().statusCode(400)
                .body("message", not(emptyOrNullString()));
        given().header("Authorization", ADMIN).get("/dead-letters?limit=201").then().statusCode(400);
        given().header("Authorization", ADMIN).get("/dead-letters?limit=ten").then().statusCode(400);
        given().header("Authorization", ADMIN).get("/dead-letters?topic=customer-commands").then().statusCode(400)
                .body("message", containsString(TOPIC));
    }

    @Test
    void shouldListEveryDeadLetterTopicWhenNoneIsNamed() {
        given().header("Authorization", ADMIN).get("/dead-letters").then().statusCode(200)
                .body("topics.size()", equalTo(Topics.DEAD_LETTER_NAMES.size()))
                .body("records.request_id", hasItem("dl-text"));
    }

}
