package org.opencdp.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker of its own (not the shared one): it is stopped and started again on the same data. */
class EmbeddedKafkaIT {

    @TempDir
    Path dataDir;

    @Test
    void shouldKeepTopicsAndRecordsAcrossARestartOnTheSameDataDirectory() throws Exception {
        // Given: a record written to a fresh broker, which is then stopped
        final long firstPid;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir)) {
            kafka.createTopics(List.of("kept"), 1, Set.of());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("kept", null, 1_600_000_000_000L, "k", "before-restart")).get();
            }
            firstPid = kafka.process().pid();
        }
        assertThat(ProcessHandle.of(firstPid).filter(ProcessHandle::isAlive)).as("broker process after stop").isEmpty();

        // When: a new broker starts on the same directory (and another port)
        try (EmbeddedKafka restarted = EmbeddedKafka.start(dataDir)) {

            // Then: the topic and its record are still there, old timestamp notwithstanding
            final List<String> values = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, restarted.bootstrapServers()),
                    new StringDeserializer(), new StringDeserializer())) {
                final TopicPartition partition = new TopicPartition("kept", 0);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (values.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                }
            }
            assertThat(values).containsExactly("before-restart");
        }
    }
}
