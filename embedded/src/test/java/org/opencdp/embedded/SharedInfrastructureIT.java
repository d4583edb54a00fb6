package org.opencdp.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class SharedInfrastructureIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final SharedInfrastructure infrastructure = SharedInfrastructure.get();

    @Test
    void shouldDeliverAProducedRecordToAConsumer() throws Exception {
        // Given
        infrastructure.createTopics(List.of("embedded-round-trip"), 1, Set.of());

        // When
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("embedded-round-trip", null, 1_700_000_000_000L, "k", "v")).get();
        }

        // Then
        final List<ConsumerRecord<String, String>> received = consumeAll("embedded-round-trip", 1);
        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("k");
            assertThat(r.value()).isEqualTo("v");
            assertThat(r.timestamp()).isEqualTo(1_700_000_000_000L);
        });
    }

    @Test
    void shouldCreateTopicsOnceWithTheirPartitionsAndCleanupPolicy() throws Exception {
        // Given
        final List<String> names = List.of("embedded-compacted", "embedded-plain");

        // When: created twice, as two test classes of one JVM would
        infrastructure.createTopics(names, 3, Set.of("embedded-compacted"));
        infrastructure.createTopics(names, 3, Set.of("embedded-compacted"));

        // Then
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers()))) {
            final Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
            assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(3));
            final ConfigResource compacted = new ConfigResource(ConfigResource.Type.TOPIC, "embedded-compacted");
            final ConfigResource plain = new ConfigResource(ConfigResource.Type.TOPIC, "embedded-plain");
            final var configs = admin.describeConfigs(List.of(compacted, plain)).all().get(10, TimeUnit.SECONDS);
            assertThat(configs.get(compacted).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
            assertThat(configs.get(plain).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("delete");
        }
    }

    @Test
    void shouldServeTheConfluentApiWithBackwardCompatibility() throws Exception {
        // When
        final HttpResponse<String> config = HTTP.send(
                HttpRequest.newBuilder(URI.create(infrastructure.registryUrl() + "/config")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        // Then
        assertThat(infrastructure.registryUrl()).matches("http://127\\.0\\.0\\.1:\\d+/apis/ccompat/v7");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains("\"compatibilityLevel\":\"BACKWARD\"");
    }

    @Test
    void shouldRegisterAndServeASchemaThroughTheConfluentApi() throws Exception {
        // Given
        final String schema = "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Probe\\\",\\\"fields\\\":"
                + "[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"string\\\"}]}\"}";

        // When
        final HttpResponse<String> registered = HTTP.send(HttpRequest.newBuilder(
                        URI.create(infrastructure.registryUrl() + "/subjects/embedded-probe-value/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(schema)).build(), HttpResponse.BodyHandlers.ofString());

        // Then
        assertThat(registered.statusCode()).isEqualTo(200);
        final String id = registered.body().replaceAll("\\D", "");
        final HttpResponse<String> fetched = HTTP.send(HttpRequest.newBuilder(
                URI.create(infrastructure.registryUrl() + "/schemas/ids/" + id)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).contains("Probe");
    }

    @Test
    void shouldAttachAnotherClassLoadersCopyToTheSameBrokerAndRegistry() throws Exception {
        // Given: this module's classes loaded a second time, as each Quarkus test application does
        final URL classes = SharedInfrastructure.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader other = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            final Class<?> copy = other.loadClass(SharedInfrastructure.class.getName());
            assertThat(copy).isNotSameAs(SharedInfrastructure.class);

            // When
            final Object attached = copy.getMethod("get").invoke(null);

            // Then
            assertThat(copy.getMethod("bootstrapServers").invoke(attached)).isEqualTo(infrastructure.bootstrapServers());
            assertThat(copy.getMethod("registryUrl").invoke(attached)).isEqualTo(infrastructure.registryUrl());
        }
    }

    private List<ConsumerRecord<String, String>> consumeAll(final String topic, final int expected) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        final List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (received.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }
        return received;
    }
}
