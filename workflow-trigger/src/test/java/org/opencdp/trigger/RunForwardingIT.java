package org.opencdp.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.embedded.QuarkusService;
import org.opencdp.embedded.SharedInfrastructure;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.RestSchemaRegistry;
import org.opencdp.trigger.run.RunIds;

/**
 * Two trigger instances from the fast-jar, one consumer group: a customer's runs can be listed through
 * either instance (the one not owning the customer's partition forwards), and a workflow's runs of every
 * customer through either instance (each answers for its own partitions).
 */
class RunForwardingIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final int CUSTOMERS = 12;
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldListRunsThroughEitherInstance() throws Exception {
        // Given two instances and a workflow created through the first
        final SharedInfrastructure infrastructure = InfrastructureResource.infrastructure();
        final String applicationId = "trigger-two-instance-it-" + UUID.randomUUID().toString().substring(0, 8);
        try (QuarkusService a = launch("a", applicationId, infrastructure);
             QuarkusService b = launch("b", applicationId, infrastructure)) {
            a.awaitReady(Duration.ofSeconds(120));
            b.awaitReady(Duration.ofSeconds(120));
            final int portA = a.port();
            final int portB = b.port();
            final String event = "forwarded-" + UUID.randomUUID().toString().substring(0, 8);
            final HttpResponse<String> created = HTTP.send(request(portA, "/workflows")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"Forwarded\",\"trigger\":{\"event\":\"" + event + "\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            final String workflowId = JSON.readTree(created.body()).path("id").asText();

            // When events of several customers (spread over the partitions) start it
            final String prefix = UUID.randomUUID().toString().substring(0, 8);
            produce(infrastructure, prefix, event);

            // Then each customer's run is listed through both instances, and all runs through either
            for (int i = 0; i < CUSTOMERS; i++) {
                final String runId = RunIds.of(prefix + "-req-" + i + ":0", workflowId);
                for (final int port : new int[] {portA, portB}) {
                    final JsonNode runs = awaitRuns(port, "/workflows/" + workflowId + "/runs?customer_id=" + prefix + "-" + i,
                            1);
                    assertThat(runs.get(0).path("run_id").asText()).isEqualTo(runId);
                    // And GET /runs/{run_id} finds it through either instance, whichever holds it
                    final HttpResponse<String> byId = HTTP.send(request(port, "/runs/" + runId).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(byId.statusCode()).isEqualTo(200);
                    assertThat(JSON.readTree(byId.body()).path("run_id").asText()).isEqualTo(runId);
                }
            }
            awaitRuns(portA, "/workflows/" + workflowId + "/runs", CUSTOMERS);
            awaitRuns(portB, "/workflows/" + workflowId + "/runs", CUSTOMERS);
        }
    }

    private static void produce(final SharedInfrastructure infrastructure, final String prefix, final String name)
            throws Exception {
        final Topic.Serdes<CustomerKey, EnrichedEvent> serdes =
                Topics.ENRICHED_EVENTS.serdes(new RestSchemaRegistry(infrastructure.registryUrl()));
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<CustomerKey, EnrichedEvent> producer = new KafkaProducer<>(props,
                serdes.key().serializer(), serdes.value().serializer())) {
            for (int i = 0; i < CUSTOMERS; i++) {
                final EnrichedEvent event = Fixtures.event("demo", prefix + "-req-" + i + ":0", name, Map.of());
                event.setCustomerId(prefix + "-" + i);
                producer.send(new ProducerRecord<>(Topics.ENRICHED_EVENTS.name(), null, Instant.now().toEpochMilli(),
                        new CustomerKey("demo", event.getCustomerId()), event)).get();
            }
        }
    }

    private static JsonNode awaitRuns(final int port, final String path, final int expected) {
        final JsonNode[] last = new JsonNode[1];
        Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
            final HttpResponse<String> response = HTTP.send(request(port, path).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return false;
            }
            last[0] = JSON.readTree(response.body());
            return last[0].size() == expected;
        });
        return last[0];
    }

    private static HttpRequest.Builder request(final int port, final String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer demo-token")
                .timeout(Duration.ofSeconds(15));
    }

    /** Instance {@code name} of the fast-jar in consumer group {@code applicationId}, on a free port, started. */
    private static QuarkusService launch(final String name, final String applicationId,
                                         final SharedInfrastructure infrastructure) throws IOException {
        assertThat(JAR).as("the fast-jar built by package").isRegularFile();
        final int port = InfrastructureResource.freePort();
        final QuarkusService instance = new QuarkusService("trigger-" + name, JAR, port,
                infrastructure.serviceEnvironment("trigger-" + name, port, applicationId),
                Path.of("target", "two-instance-" + name + ".log"), "256m");
        instance.start();
        return instance;
    }
}
