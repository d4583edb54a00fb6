package org.opencdp.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencdp.schemas.Topics;

/**
 * The three services on a Kafka that requires SASL/SCRAM-SHA-512 and a schema registry that requires basic
 * credentials, given to them only as environment variables (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM,
 * KAFKA_SASL_JAAS_CONFIG, CDP_SCHEMA_REGISTRY_BASIC_AUTH): every client of every service, Kafka Streams included,
 * connects with them, and the broker and registry refuse a client without them.
 */
class SecuredKafkaIT {

    private static final DevStack.Security SECURITY =
            new DevStack.Security("opencdp", "kafka-scram-secret", "registry-user", "registry-secret");
    private static final List<String> delivered = new CopyOnWriteArrayList<>();
    private static HttpServer webhooks;
    private static DevStack stack;
    private static StackClient client;

    @BeforeAll
    static void startSecuredStack() throws Exception {
        webhooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhooks.createContext("/hook", exchange -> {
            delivered.add(new String(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhooks.start();
        stack = StackClient.startSecuredStack("opencdp-secured-kafka-it", 2, SECURITY);
        client = new StackClient(stack);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (webhooks != null) {
            webhooks.stop(0);
        }
    }

    @Test
    void shouldAcknowledgeAWriteFoldItAndRunItsWorkflowOnSecuredKafkaAndRegistry() throws Exception {
        // Given a workflow posting to a webhook receiver
        final HttpResponse<String> workflow = client.send("POST", client.trigger("/workflows"), StackClient.bearer(), """
                {"name":"Secured","trigger":{"event":"secured.signed_up"},"enabled":true,
                 "webhook":{"url":"http://127.0.0.1:%d/hook"}}""".formatted(webhooks.getAddress().getPort()));
        assertThat(workflow.statusCode()).as(workflow.body()).isEqualTo(201);

        // When a customer is written through ingest-api
        final HttpResponse<String> written = client.send("POST", client.ingest("/customers"), StackClient.keyAndSecret(),
                "{\"customers\":[{\"id\":\"secured-1\",\"plan\":\"pro\"}]}");

        // Then it is acknowledged and its profile is readable
        assertThat(written.statusCode()).as(written.body()).isEqualTo(200);
        final JsonNode profile = client.profileAfter("secured-1", written);
        assertThat(profile.at("/attributes/plan/value").asText()).isEqualTo("pro");

        // When its event arrives, then its workflow run reaches the webhook
        final HttpResponse<String> event = client.send("POST", client.ingest("/events"), StackClient.keyAndSecret(),
                "{\"customer_id\":\"secured-1\",\"event\":\"secured.signed_up\",\"data\":{}}");
        assertThat(event.statusCode()).as(event.body()).isEqualTo(200);
        await().atMost(StackClient.FOLDED).until(() -> !delivered.isEmpty());
        assertThat(delivered.get(0)).contains("secured-1");
    }

    @Test
    void shouldRefuseAKafkaClientWithoutCredentials() {
        // Given a producer that knows the broker's address but not the SCRAM login
        try (KafkaProducer<byte[], byte[]> anonymous = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints().bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000), new ByteArraySerializer(), new ByteArraySerializer())) {

            // When it writes a command, then nothing is written: the broker never lets it fetch metadata
            assertThatThrownBy(() -> anonymous.send(new ProducerRecord<>(Topics.CUSTOMER_COMMANDS.name(),
                    new byte[] {1}, new byte[] {1})).get()).isInstanceOfAny(ExecutionException.class, TimeoutException.class);
        }
    }

    @Test
    void shouldAnswer401ToARegistryClientWithoutCredentials() throws Exception {
        final HttpResponse<String> subjects = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stack.endpoints().registryUrl() + "/subjects")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(subjects.statusCode()).isEqualTo(401);
    }
}
