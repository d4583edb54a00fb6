package org.opencdp.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    @Test
    void shouldConnectEveryClientWithTheKeysUnderKafka() {
        // Given the servers and a security setting under kafka., and keys that are not connection settings
        final Config config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "kafka.bootstrap.servers", "k1:9092,k2:9092",
                "kafka.security.protocol", "SASL_SSL",
                "kafka-streams.processing.guarantee", "exactly_once_v2",
                "quarkus.kafka.devservices.enabled", "false"), "test", 100)).build();

        // When clients are built from it
        final KafkaClients clients = KafkaClients.fromConfig(config);

        // Then producers, consumers and admins all connect with exactly those settings
        final Map<String, Object> connection = Map.of("bootstrap.servers", "k1:9092,k2:9092",
                "security.protocol", "SASL_SSL");
        assertThat(clients.connection()).isEqualTo(connection);
        assertThat(clients.producerConfig("p")).containsAllEntriesOf(connection);
        assertThat(clients.consumerConfig("c")).containsAllEntriesOf(connection);
    }

    @Test
    void shouldTakeSecuritySettingsSetOnlyAsEnvironmentVariables() {
        // Given a SASL secret only in the environment, a key under kafka. and its variable, and a Streams variable
        final Config config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "kafka.bootstrap.servers", "k:9092",
                "kafka.security.protocol", "SASL_SSL",
                "KAFKA_SECURITY_PROTOCOL", "SSL",
                "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.p12",
                "KAFKA_STREAMS_STATE_DIR", "/tmp/state"), "test", 100)).build();

        // When clients are built from it
        final KafkaClients clients = KafkaClients.fromConfig(config);

        // Then the variables are connection settings, the key under kafka. wins, and the Streams variable is not one
        assertThat(clients.connection()).containsOnly(
                Map.entry("bootstrap.servers", "k:9092"),
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;"),
                Map.entry("ssl.truststore.location", "/etc/kafka/truststore.p12"));
    }

    @Test
    void shouldTakeOnlyTheConnectionSettingsOfAStreamsConfiguration() {
        final Map<String, Object> streams = Map.of("bootstrap.servers", "k:9092", "ssl.truststore.location", "/t",
                "sasl.mechanism", "PLAIN", "security.protocol", "SASL_SSL", "processing.guarantee", "exactly_once_v2",
                "application.id", "app");
        assertThat(KafkaClients.fromStreamsConfig(streams).connection()).containsOnlyKeys("bootstrap.servers",
                "ssl.truststore.location", "sasl.mechanism", "security.protocol");
    }

    @Test
    void shouldRefuseAConnectionWithoutServers() {
        assertThatThrownBy(() -> new KafkaClients(Map.of("security.protocol", "SSL")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kafka.bootstrap.servers");
    }

    @Test
    void shouldBuildDurableProducersWhoseEveryWaitIsWithinTheTimeout() {
        // Given a 4 s timeout
        final Map<String, Object> config = KafkaClients.of("k:9092").producerConfig("writer", Duration.ofSeconds(4));

        // Then every write is acknowledged by all in-sync replicas, once, and nothing waits past 4 s
        assertThat(config).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "writer")
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 4000)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 4000)
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        // And Kafka accepts the combination
        final Map<String, Object> all = new HashMap<>(config);
        all.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        all.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        assertThat(new ProducerConfig(all).getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isTrue();
    }

    @Test
    void shouldBuildConsumersThatReadCommittedRecordsAndNeitherCommitNorCreateTopics() {
        final Map<String, Object> config = KafkaClients.of("k:9092").consumerConfig("reader");
        assertThat(config).containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false)
                .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "reader");
        final Map<String, Object> all = new HashMap<>(config);
        all.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        all.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        assertThat(new ConsumerConfig(all).getString(ConsumerConfig.ISOLATION_LEVEL_CONFIG)).isEqualTo("read_committed");
    }
}
