package org.opencdp.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.embedded.QuarkusService;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.RestSchemaRegistry;

/**
 * The whole pipeline, as {@code ./cdp up} runs it: a real broker and registry, the three services' built
 * jars as processes, spoken to over HTTP. HTTP → Avro commands → projector → profile over HTTP → event →
 * workflow run on the workflow-runs topic.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevStackIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration FOLDED = Duration.ofSeconds(60);

    private static DevStack stack;
    private static Map<String, Long> pids;

    @BeforeAll
    static void startStack() throws Exception {
        final Path data = Files.createTempDirectory("opencdp-devstack-it");
        final Path root = Path.of(System.getProperty("cdp.root", "..")).toAbsolutePath().normalize();
        final DevStackSettings defaults = DevStackSettings.fromEnvironment(root, data, Map.of());
        final DevStackSettings settings = new DevStackSettings(root, data, freePort(), freePort(), freePort(),
                freePort(), freePort(), 3, defaults.demo());
        stack = new DevStack(settings).start();
        pids = stack.pids();
    }

    @AfterAll
    static void stopStackAndLeaveNoProcess() {
        if (stack == null) {
            return;
        }
        stack.close();
        // Then: every process the stack started is gone.
        pids.forEach((name, pid) -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("%s (pid %d) still running after stop", name, pid).isFalse());
    }

    @Test
    @Order(1)
    void shouldFoldPostedCustomersIntoAProfileAndStartAWorkflowOnTheirEvent() throws Exception {
        // Given a workflow on the event "signup"
        final HttpResponse<String> created = send("POST", trigger("/workflows"), bearer(),
                "{\"name\":\"Welcome\",\"trigger\":{\"event\":\"signup\"},\"enabled\":true}");
        assertThat(created.statusCode()).isEqualTo(201);
        final String workflowId = JSON.readTree(created.body()).get("id").asText();

        // When a customer is posted through the Retainly API
        final HttpResponse<String> posted = send("POST", ingest("/customers"), keyAndSecret(), """
                {"customers":[{"id":1,"first_name":"Ada","vip":true,"orders":3,
                  "signed_up":"2022-02-25","tags":["a","b"],
                  "cart":[{"id":"p1","name":"apple","qty":2}]}]}""");

        // Then it is acknowledged and its profile becomes readable through the projector, typed
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(posted.headers().firstValue("X-Request-Id")).isPresent();
        final JsonNode profile = awaitProfile("1", p -> p.path("attributes").has("cart"));
        assertThat(profile.at("/attributes/first_name/type").asText()).isEqualTo("string");
        assertThat(profile.at("/attributes/first_name/value").asText()).isEqualTo("Ada");
        assertThat(profile.at("/attributes/vip/value").asBoolean()).isTrue();
        assertThat(profile.at("/attributes/orders/type").asText()).isEqualTo("integer");
        assertThat(profile.at("/attributes/signed_up/type").asText()).isEqualTo("date");
        assertThat(profile.at("/attributes/signed_up/value").asText()).isEqualTo("2022-02-25T00:00:00Z");
        assertThat(profile.at("/attributes/tags/type").asText()).isEqualTo("collection");
        assertThat(profile.at("/attributes/cart/type").asText()).isEqualTo("array");
        assertThat(profile.at("/last_request_id").asText())
                .isEqualTo(posted.headers().firstValue("X-Request-Id").orElseThrow());

        // When the customer's event arrives
        final HttpResponse<String> event = send("POST", ingest("/events"), keyAndSecret(),
                "{\"customer_id\":1,\"event\":\"signup\",\"data\":{\"coupon\":\"WELCOME10\"}}");
        assertThat(event.statusCode()).isEqualTo(200);

        // Then exactly one run of the workflow is recorded on workflow-runs, with the profile and event data
        final List<WorkflowRun> runs = awaitRuns(workflowId, 1);
        assertThat(runs).hasSize(1);
        final WorkflowRun run = runs.get(0);
        assertThat(run.getCustomerId()).isEqualTo("1");
        assertThat(run.getEventName()).isEqualTo("signup");
        assertThat(run.getContext()).containsEntry("coupon", "WELCOME10").containsEntry("first_name", "Ada");
        // and the trigger lists it
        await().atMost(FOLDED).untilAsserted(() -> {
            final HttpResponse<String> listed = send("GET",
                    trigger("/workflows/" + workflowId + "/runs?customer_id=1"), bearer(), null);
            assertThat(listed.statusCode()).isEqualTo(200);
            assertThat(listed.body()).contains(run.getRunId());
        });
    }

    @Test
    @Order(2)
    void shouldServeTheSameProfileAfterAProjectorRestartWithoutReapplyingCommands() throws Exception {
        // Given a folded profile
        final String id = "restart-" + UUID.randomUUID();
        assertThat(send("POST", ingest("/customers"), keyAndSecret(),
                "{\"customers\":[{\"id\":\"" + id + "\",\"plan\":\"basic\"}]}").statusCode()).isEqualTo(200);
        assertThat(send("POST", ingest("/customers"), keyAndSecret(),
                "{\"customers\":[{\"id\":\"" + id + "\",\"plan\":\"pro\"}]}").statusCode()).isEqualTo(200);
        final JsonNode before = awaitProfile(id, p -> p.path("revision").asLong() == 2);

        // When the projector is stopped and started again
        final QuarkusService projector = stack.service("profile-projector");
        projector.close();
        projector.start();
        projector.awaitReady(Duration.ofMinutes(2));

        // Then it serves the same profile, with no command applied twice
        final JsonNode after = awaitProfile(id, p -> true);
        assertThat(after.get("revision").asLong()).isEqualTo(2);
        assertThat(after.get("attributes")).isEqualTo(before.get("attributes"));
        // and it goes on folding new commands from where it stopped
        assertThat(send("POST", ingest("/customers"), keyAndSecret(),
                "{\"customers\":[{\"id\":\"" + id + "\",\"plan\":\"enterprise\"}]}").statusCode()).isEqualTo(200);
        final JsonNode next = awaitProfile(id, p -> p.path("revision").asLong() == 3);
        assertThat(next.at("/attributes/plan/value").asText()).isEqualTo("enterprise");
    }

    private static JsonNode awaitProfile(final String id, final java.util.function.Predicate<JsonNode> condition) {
        final JsonNode[] found = new JsonNode[1];
        await().atMost(FOLDED).pollInterval(Duration.ofMillis(200)).until(() -> {
            final HttpResponse<String> r = send("GET", projector("/customers/" + id), bearer(), null);
            if (r.statusCode() != 200) {
                return false;
            }
            found[0] = JSON.readTree(r.body());
            return condition.test(found[0]);
        });
        return found[0];
    }

    private static List<WorkflowRun> awaitRuns(final String workflowId, final int expected) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "devstack-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final RestSchemaRegistry registry = new RestSchemaRegistry(stack.registryUrl());
        final List<WorkflowRun> runs = new ArrayList<>();
        try (KafkaConsumer<CustomerKey, WorkflowRun> consumer = new KafkaConsumer<>(props,
                Topics.WORKFLOW_RUNS.keySerde(registry).deserializer(),
                Topics.WORKFLOW_RUNS.valueSerde(registry).deserializer())) {
            consumer.subscribe(List.of(Topics.WORKFLOW_RUNS.name()));
            await().atMost(FOLDED).until(() -> {
                for (final ConsumerRecord<CustomerKey, WorkflowRun> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value().getWorkflowId().equals(workflowId)) {
                        runs.add(r.value());
                    }
                }
                return runs.size() >= expected;
            });
            // Anything more than expected would arrive within a few more polls.
            final long until = System.currentTimeMillis() + 3000;
            while (System.currentTimeMillis() < until) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (r.value().getWorkflowId().equals(workflowId)) {
                        runs.add(r.value());
                    }
                });
            }
        }
        return runs;
    }

    private static HttpResponse<String> send(final String method, final String url, final Map<String, String> headers,
                                             final String body) throws IOException, InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> keyAndSecret() {
        return Map.of("key", "demo-key", "secret", "demo-secret");
    }

    private static Map<String, String> bearer() {
        return Map.of("Authorization", "Bearer demo-token");
    }

    private static String ingest(final String path) {
        return stack.service("ingest-api").url() + path;
    }

    private static String projector(final String path) {
        return stack.service("profile-projector").url() + path;
    }

    private static String trigger(final String path) {
        return stack.service("workflow-trigger").url() + path;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
