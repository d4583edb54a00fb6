package org.opencdp.projector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.awaitility.Awaitility;
import org.opencdp.embedded.SharedInfrastructure;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.serde.RestSchemaRegistry;

/** A topic of the tests' broker read from its start, as a read_committed consumer (the services' own) sees it. */
public final class CommittedRecords {

    private CommittedRecords() {
    }

    /** Every committed record of {@code topic} up to its end now, decoded with the registry's schemas. */
    public static <K extends SpecificRecord, V extends SpecificRecord> List<ConsumerRecord<K, V>> toEnd(
            final SharedInfrastructure infrastructure, final Topic<K, V> topic) {
        final var serdes = topic.serdes(new RestSchemaRegistry(infrastructure.registryUrl()));
        final List<ConsumerRecord<K, V>> records = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = fromStart(infrastructure, topic.name(), serdes.key().deserializer(),
                serdes.value().deserializer())) {
            final Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            while (end.keySet().stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    /** The committed records of {@code topic} as they arrive, until {@code done} holds of them all (60 s at most). */
    public static List<ConsumerRecord<byte[], byte[]>> until(final SharedInfrastructure infrastructure, final String topic,
                                                            final Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = fromStart(infrastructure, topic, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return done.test(records);
            });
        }
        return records;
    }

    private static <K, V> KafkaConsumer<K, V> fromStart(final SharedInfrastructure infrastructure, final String topic,
                                                        final Deserializer<K> keys, final Deserializer<V> values) {
        final KafkaConsumer<K, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), keys, values);
        final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }
}
