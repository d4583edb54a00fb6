package org.opencdp.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.embedded.Directories;
import org.opencdp.embedded.SharedInfrastructure;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.RestSchemaRegistry;

/** What the end-to-end tests do to a running stack: start it on free ports, speak HTTP to it, read its topics. */
final class StackClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration FOLDED = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final DevStack stack;

    StackClient(final DevStack stack) {
        this.stack = stack;
    }

    /** The whole stack on free ports and a fresh data directory, {@code partitions} per topic. */
    static DevStack startStack(final String name, final int partitions) throws Exception {
        return startStack(name, partitions, Map.of());
    }

    /** As {@link #startStack(String, int)}, each service started with the extra JVM options given for it. */
    static DevStack startStack(final String name, final int partitions, final Map<String, List<String>> jvmOptions)
            throws Exception {
        return stack(name, partitions, jvmOptions).start();
    }

    /** As {@link #startStack(String, int)}, Kafka and the registry requiring {@code security}'s credentials. */
    static DevStack startSecuredStack(final String name, final int partitions, final DevStack.Security security)
            throws Exception {
        return stack(name, partitions, Map.of()).requiringCredentials(security).start();
    }

    private static DevStack stack(final String name, final int partitions, final Map<String, List<String>> jvmOptions)
            throws IOException {
        final Path data = Directories.temporary(name);
        final Path root = root();
        final DevStackSettings defaults = DevStackSettings.fromEnvironment(root, data, Map.of());
        return new DevStack(new DevStackSettings(root, data, SharedInfrastructure.freePort(), SharedInfrastructure.freePort(),
                SharedInfrastructure.freePort(), SharedInfrastructure.freePort(), SharedInfrastructure.freePort(),
                partitions, defaults.demo()), jvmOptions);
    }

    static Path root() {
        return Path.of(System.getProperty("cdp.root", "..")).toAbsolutePath().normalize();
    }

    HttpResponse<String> send(final String method, final String url, final Map<String, String> headers,
                              final String body) throws IOException, InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, String> keyAndSecret() {
        return Map.of("key", "demo-key", "secret", "demo-secret");
    }

    static Map<String, String> keyAndSecret(final String idempotencyKey) {
        final Map<String, String> headers = new HashMap<>(keyAndSecret());
        headers.put("Idempotency-Key", idempotencyKey);
        return headers;
    }

    static Map<String, String> bearer() {
        return bearer("demo-token");
    }

    static Map<String, String> bearer(final String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    /** The body of {@code response} as JSON, once its status is {@code status} (else fails, showing the body). */
    static JsonNode answered(final HttpResponse<String> response, final int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    String ingest(final String path) {
        return stack.service("ingest-api").url() + path;
    }

    String projector(final String path) {
        return stack.service("profile-projector").url() + path;
    }

    String trigger(final String path) {
        return stack.service("workflow-trigger").url() + path;
    }

    static String encoded(final String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The profile once the write that answered {@code written} is visible (read-your-writes through ingest-api). */
    JsonNode profileAfter(final String customerId, final HttpResponse<String> written) throws Exception {
        final String token = written.headers().firstValue("X-Consistency-Token").orElseThrow();
        final HttpResponse<String> read = send("GET", ingest("/customers/" + encoded(customerId) + "?after=" + token),
                bearer(), null);
        if (read.statusCode() != 200) {
            throw new AssertionError("GET /customers/" + customerId + " answered " + read.statusCode() + ": " + read.body());
        }
        return JSON.readTree(read.body());
    }

    /** The profile once {@code condition} holds, polled (for effects no token names, such as catalog changes). */
    JsonNode awaitProfile(final String customerId, final Predicate<JsonNode> condition) {
        final JsonNode[] found = new JsonNode[1];
        await().atMost(FOLDED).pollInterval(Duration.ofMillis(200)).until(() -> {
            final HttpResponse<String> r = send("GET", projector("/customers/" + encoded(customerId)), bearer(), null);
            if (r.statusCode() != 200) {
                return false;
            }
            found[0] = JSON.readTree(r.body());
            return condition.test(found[0]);
        });
        return found[0];
    }

    /** A new workflow on {@code event}; its id. */
    String createWorkflow(final String event) throws Exception {
        final HttpResponse<String> created = send("POST", trigger("/workflows"), bearer(),
                "{\"name\":\"On " + event + "\",\"trigger\":{\"event\":\"" + event + "\"},\"enabled\":true}");
        if (created.statusCode() != 201) {
            throw new AssertionError("POST /workflows answered " + created.statusCode() + ": " + created.body());
        }
        return JSON.readTree(created.body()).get("id").asText();
    }

    /** A consumer's configuration: a fresh group reading committed records from the start of the log. */
    private Properties readFromStart() {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "devstack-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }

    /** The runs of one workflow on workflow-runs: waits for {@code expected}, then a few seconds for any extra. */
    List<WorkflowRun> awaitRuns(final String workflowId, final int expected) {
        final Properties props = readFromStart();
        final RestSchemaRegistry registry = new RestSchemaRegistry(stack.endpoints().registryUrl());
        final List<WorkflowRun> runs = new ArrayList<>();
        try (KafkaConsumer<CustomerKey, WorkflowRun> consumer = new KafkaConsumer<>(props,
                Topics.WORKFLOW_RUNS.keySerde(registry).deserializer(),
                Topics.WORKFLOW_RUNS.valueSerde(registry).deserializer())) {
            consumer.subscribe(List.of(Topics.WORKFLOW_RUNS.name()));
            await().atMost(FOLDED).until(() -> {
                collect(consumer.poll(Duration.ofMillis(500)), workflowId, runs);
                return runs.size() >= expected;
            });
            final long until = System.currentTimeMillis() + 3000;
            while (System.currentTimeMillis() < until) {
                collect(consumer.poll(Duration.ofMillis(500)), workflowId, runs);
            }
        }
        return runs;
    }

    private static void collect(final Iterable<ConsumerRecord<CustomerKey, WorkflowRun>> records, final String workflowId,
                                final List<WorkflowRun> runs) {
        for (final ConsumerRecord<CustomerKey, WorkflowRun> r : records) {
            if (r.value().getWorkflowId().equals(workflowId)) {
                runs.add(r.value());
            }
        }
    }

    /** Every record of {@code topic} for {@code key}, values as raw bytes (null for a tombstone), in log order. */
    List<byte[]> recordsFor(final String topic, final CustomerKey key) {
        final Properties props = readFromStart();
        final RestSchemaRegistry registry = new RestSchemaRegistry(stack.endpoints().registryUrl());
        final List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<CustomerKey, byte[]> consumer = new KafkaConsumer<>(props,
                Topics.PROFILES.keySerde(registry).deserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            // Read until caught up: no new record for 3 s after the first ones.
            long quietSince = System.currentTimeMillis();
            final long deadline = quietSince + FOLDED.toMillis();
            while (System.currentTimeMillis() - quietSince < 3000 && System.currentTimeMillis() < deadline) {
                for (final ConsumerRecord<CustomerKey, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    quietSince = System.currentTimeMillis();
                    if (key.equals(r.key())) {
                        values.add(r.value());
                    }
                }
            }
        }
        return values;
    }

    /** How many committed records {@code topic} holds (read from the beginning to its end). */
    int countRecords(final String topic) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints().bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final org.apache.kafka.common.serialization.ByteArrayDeserializer bytes =
                new org.apache.kafka.common.serialization.ByteArrayDeserializer();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, bytes, bytes)) {
            final List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<org.apache.kafka.common.TopicPartition, Long> ends = consumer.endOffsets(partitions);
            int count = 0;
            final long deadline = System.currentTimeMillis() + FOLDED.toMillis();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("Could not read " + topic + " to its end in " + FOLDED);
                }
                count += consumer.poll(Duration.ofMillis(500)).count();
            }
            return count;
        }
    }
}
