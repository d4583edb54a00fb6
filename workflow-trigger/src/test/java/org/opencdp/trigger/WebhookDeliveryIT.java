package org.opencdp.trigger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.RunKey;
import org.opencdp.avro.WebhookDelivery;
import org.opencdp.embedded.SharedInfrastructure;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.RestSchemaRegistry;
import org.opencdp.trigger.run.RunIds;
import org.opencdp.trigger.webhook.WebhookSignature;

/**
 * Webhook delivery against a real local HTTP server: the run is POSTed with its id as Idempotency-Key, retried
 * on 500s with back-off, parked after the last attempt (3 in the test profile) with its last error, and delivered
 * when an admin retries it; a slow endpoint does not hold up another workflow's delivery; nothing unreadable on
 * Kafka stops delivery; an erased customer's runs and deliveries are gone.
 */
@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
class WebhookDeliveryIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One received POST: its Idempotency-Key, the run id in its body, its signature headers and raw body. */
    private record Received(String path, String idempotencyKey, String runId, Instant at, String webhookId,
                            String webhookTimestamp, String webhookSignature, byte[] body) {
    }

    private final SharedInfrastructure infrastructure = SharedInfrastructure.get();
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> failuresLeft = new java.util.concurrent.ConcurrentHashMap<>();
    private HttpServer server;

    @BeforeEach
    void startEndpoint() throws IOException {
        await().atMost(PATIENCE).until(() -> given().get("/q/health/ready").statusCode() == 200);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            final String path = exchange.getRequestURI().getPath();
            final byte[] raw = exchange.getRequestBody().readAllBytes();
            final JsonNode body = JSON.readTree(raw);
            final var headers = exchange.getRequestHeaders();
            received.add(new Received(path, headers.getFirst("Idempotency-Key"), body.path("run_id").asText(),
                    Instant.now(), headers.getFirst("webhook-id"), headers.getFirst("webhook-timestamp"),
                    headers.getFirst("webhook-signature"), raw));
            if (path.startsWith("/slow")) {
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            final AtomicInteger failures = failuresLeft.get(path);
            final int status = failures != null && failures.getAndDecrement() > 0 ? 500 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopEndpoint() {
        server.stop(0);
    }

    private String url(final String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void shouldRetryA500WithTheSameIdempotencyKeyUntilItIsDelivered() {
        // Given an endpoint that fails twice, then accepts
        failuresLeft.put("/orders", new AtomicInteger(2));
        // When a run of a workflow calling it starts
        final String runId = startRun("order", "/orders", "c-7");
        // Then three POSTs of the run, each with the run id as its Idempotency-Key, and the run is delivered
        await().atMost(PATIENCE).until(() -> postsTo("/orders").size() == 3);
        assertThat(postsTo("/orders")).allSatisfy(post -> {
            assertThat(post.idempotencyKey()).isEqualTo(runId);
            assertThat(post.runId()).isEqualTo(runId);
        });
        await().atMost(PATIENCE).untilAsserted(() -> as(TestWorkspaces.DEMO_TOKEN).get("/runs/" + runId).then()
                .statusCode(200)
                .body("delivery.state", equalTo("DELIVERED"))
                .body("delivery.attempts", equalTo(3)));
    }

    @Test
    void shouldSignEachDeliveryWithTheSecretShownOnlyWhenTheWorkflowWasCreated() {
        // Given a workflow whose creation answer shows its webhook's secret, which no read shows again
        final String event = unique("signed");
        final var created = as(TestWorkspaces.DEMO_TOKEN)
                .body(Map.of("name", "Signed", "trigger", Map.of("event", event), "webhook", Map.of("url", url("/signed"))))
                .post("/workflows").then().statusCode(201).extract().jsonPath();
        final String workflowId = created.getString("id");
        final String secret = created.getString("webhook.signing_secret");
        assertThat(secret).startsWith("whsec_");
        as(TestWorkspaces.DEMO_TOKEN).get("/workflows/" + workflowId).then().statusCode(200)
                .body("webhook.url", equalTo(url("/signed"))).body("webhook", not(hasKey("signing_secret")));
        // And replacing the definition keeps the secret without showing it
        as(TestWorkspaces.DEMO_TOKEN)
                .body(Map.of("name", "Signed again", "trigger", Map.of("event", event), "webhook", Map.of("url", url("/signed"))))
                .put("/workflows/" + workflowId).then().statusCode(200).body("webhook", not(hasKey("signing_secret")));

        // When a run of it is delivered
        final String eventId = unique("req") + ":0";
        produce(event, eventId, "c-signed");
        final String runId = RunIds.of(eventId, workflowId);
        await().atMost(PATIENCE).until(() -> postsTo("/signed").size() == 1);

        // Then the receiver verifies it in the Standard Webhooks way with that secret; the id is the run's
        final Received post = postsTo("/signed").getFirst();
        assertThat(post.webhookId()).isEqualTo(runId);
        assertThat(Long.parseLong(post.webhookTimestamp())).isCloseTo(Instant.now().getEpochSecond(), within(120L));
        assertThat(WebhookSignature.verify(secret, post.webhookId(), Long.parseLong(post.webhookTimestamp()),
                post.body(), post.webhookSignature())).isTrue();
    }

    @Test
    void shouldParkARunAfterTheLastAttemptAndDeliverItWhenAnAdminRetries() {
        // Given an endpoint that fails more often than the run is tried
        failuresLeft.put("/invoices", new AtomicInteger(3));
        final String runId = startRun("invoice", "/invoices", "c-8");
        // When the attempts are used up, then the run is parked with its last error
        await().atMost(PATIENCE).untilAsserted(() -> as(TestWorkspaces.DEMO_TOKEN).get("/runs/" + runId).then()
                .statusCode(200)
                .body("delivery.state", equalTo("PARKED"))
                .body("delivery.attempts", equalTo(3))
                .body("delivery.last_error", equalTo("HTTP 500")));
        assertThat(postsTo("/invoices")).hasSize(3);
        // And only an admin may retry it; then it is delivered
        as(TestWorkspaces.DEMO_TOKEN).post("/runs/" + runId + "/retry").then().statusCode(403);
        as(TestWorkspaces.ADMIN_TOKEN).post("/runs/" + runId + "/retry").then().statusCode(202);
        await().atMost(PATIENCE).untilAsserted(() -> as(TestWorkspaces.DEMO_TOKEN).get("/runs/" + runId).then()
                .statusCode(200)
                .body("delivery.state", equalTo("DELIVERED")));
        assertThat(postsTo("/invoices")).hasSize(4).allSatisfy(post -> assertThat(post.idempotencyKey()).isEqualTo(runId));
        as(TestWorkspaces.ADMIN_TOKEN).post("/runs/" + runId + "/retry").then().statusCode(409);
    }

    @Test
    void shouldNotHoldUpOtherRunsWhileAnEndpointIsSlow() {
        // Given a workflow whose endpoint takes 5 s (past the 2 s timeout), and one whose endpoint is quick
        final String slowEvent = unique("slow");
        final String fastEvent = unique("fast");
        create(slowEvent, url("/slow"));
        create(fastEvent, url("/fast"));
        // When the slow one's event comes first, on the same customer (same partition, in order)
        produce(slowEvent, unique("req") + ":0", "c-9");
        produce(fastEvent, unique("req") + ":0", "c-9");
        // Then the quick endpoint has its run while the slow one is still being tried
        await().atMost(PATIENCE).until(() -> postsTo("/fast").size() == 1);
        await().atMost(PATIENCE).until(() -> !postsTo("/slow").isEmpty());
        assertThat(postsTo("/fast").getFirst().at()).isBefore(postsTo("/slow").getFirst().at().plusSeconds(4));
    }

    @Test
    void shouldGoOnDeliveringAfterUnreadableRecordsOnWorkflowRuns() throws Exception {
        // Given records on every partition of workflow-runs that are not runs at all
        final Map<TopicPartition, RecordsToDelete> garbage = new java.util.HashMap<>();
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int partition = 0; partition < InfrastructureResource.PARTITIONS; partition++) {
                final var written = producer.send(new ProducerRecord<>(Topics.WORKFLOW_RUNS.name(), partition,
                        "garbage".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 0, 42, 1, 2, 3})).get();
                garbage.put(new TopicPartition(written.topic(), written.partition()),
                        RecordsToDelete.beforeOffset(written.offset() + 1));
            }
        }
        try {
            // When a run of a workflow with a webhook starts after them
            final String runId = startRun("after-garbage", "/after-garbage", "c-10");
            // Then it is delivered, and the service stays ready
            await().atMost(PATIENCE).until(() -> postsTo("/after-garbage").size() == 1);
            await().atMost(PATIENCE).untilAsserted(() -> as(TestWorkspaces.DEMO_TOKEN).get("/runs/" + runId).then()
                    .statusCode(200).body("delivery.state", equalTo("DELIVERED")));
            given().get("/q/health/ready").then().statusCode(200);
        } finally {
            // The broker is shared with the other ITs of this JVM, whose readers of workflow-runs expect runs only.
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    infrastructure.bootstrapServers()))) {
                admin.deleteRecords(garbage).all().get();
            }
        }
    }

    @Test
    void shouldEraseADeletedCustomersRunsAndTombstoneTheirDeliveries() {
        // Given a run of customer c-erase whose webhook keeps failing (its delivery pending, soon parked)
        final String event = unique("erase");
        failuresLeft.put("/erase", new AtomicInteger(Integer.MAX_VALUE));
        final String workflowId = create(event, url("/erase"));
        final String eventId = unique("req") + ":0";
        final String customer = unique("c-erase");
        produce(event, eventId, customer);
        final String runId = RunIds.of(eventId, workflowId);
        await().atMost(PATIENCE).untilAsserted(() -> as(TestWorkspaces.DEMO_TOKEN).get("/runs/" + runId).then()
                .statusCode(200).body("delivery.url", equalTo(url("/erase"))));
        // When the projector reports the customer deleted
        produce("customer.deleted", unique("req") + ":0", customer);
        // Then the run is gone from both queries, and its delivery has a tombstone on webhook-deliveries
        await().atMost(PATIENCE).untilAsserted(() -> as(TestWorkspaces.DEMO_TOKEN).get("/runs/" + runId).then()
                .statusCode(404));
        as(TestWorkspaces.DEMO_TOKEN).queryParam("customer_id", customer).get("/workflows/" + workflowId + "/runs")
                .then().statusCode(200).body("size()", equalTo(0));
        assertThat(tombstoned(runId)).isTrue();
        // And it is not tried again
        final long posts = postsTo("/erase").size();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> postsTo("/erase").size() == posts);
    }

    /** Whether webhook-deliveries holds a tombstone of the run's delivery. */
    private boolean tombstoned(final String runId) {
        final var serdes = Topics.WEBHOOK_DELIVERIES.serdes(new RestSchemaRegistry(infrastructure.registryUrl()));
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<RunKey, WebhookDelivery> consumer = new KafkaConsumer<>(props, serdes.key().deserializer(),
                serdes.value().deserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(Topics.WEBHOOK_DELIVERIES.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            final long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline
                    && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (final var record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key().getRunId().equals(runId) && record.value() == null) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private List<Received> postsTo(final String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    private static RequestSpecification as(final String token) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
    }

    /** Creates a workflow on a new event (named from {@code name}) calling {@code path}, then produces one such
     * event of {@code customerId}: the id of the run it starts. */
    private String startRun(final String name, final String path, final String customerId) {
        final String event = unique(name);
        final String workflowId = create(event, url(path));
        final String eventId = unique("req") + ":0";
        produce(event, eventId, customerId);
        return RunIds.of(eventId, workflowId);
    }

    private static String create(final String event, final String webhookUrl) {
        return as(TestWorkspaces.DEMO_TOKEN)
                .body(Map.of("name", "Hook " + event, "trigger", Map.of("event", event), "webhook", Map.of("url", webhookUrl)))
                .post("/workflows").then().statusCode(201).extract().jsonPath().getString("id");
    }

    private static String unique(final String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void produce(final String name, final String eventId, final String customerId) {
        final EnrichedEvent event = Fixtures.event("demo", eventId, name, Map.of());
        event.setCustomerId(customerId);
        final var serdes = Topics.ENRICHED_EVENTS.serdes(new RestSchemaRegistry(infrastructure.registryUrl()));
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<CustomerKey, EnrichedEvent> producer = new KafkaProducer<>(props,
                serdes.key().serializer(), serdes.value().serializer())) {
            producer.send(new ProducerRecord<>(Topics.ENRICHED_EVENTS.name(), null, Instant.now().toEpochMilli(),
                    new CustomerKey("demo", customerId), event)).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
