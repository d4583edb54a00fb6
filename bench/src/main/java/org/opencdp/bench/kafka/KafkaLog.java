package org.opencdp.bench.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What the benchmark asks the broker: topic sizes, a consumer group's progress, record sizes. */
public final class KafkaLog implements AutoCloseable {

    private static final long TIMEOUT_MS = 30_000;

    private final String bootstrapServers;
    private final Admin admin;

    public KafkaLog(final String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "bench-admin");
        this.admin = Admin.create(props);
    }

    public void createTopic(final String name, final int partitions) throws ExecutionException, InterruptedException,
            TimeoutException {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    public List<TopicPartition> partitions(final String topic) throws ExecutionException, InterruptedException,
            TimeoutException {
        final TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic);
        return description.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /** Every topic's (internal ones included) sum of end offsets. */
    public Map<String, Long> endOffsets() throws ExecutionException, InterruptedException, TimeoutException {
        final java.util.Set<String> topics = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions()
                .listInternal(false)).names().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        final Map<String, Long> ends = new java.util.TreeMap<>();
        for (final String topic : topics) {
            ends.put(topic, endOffset(topic));
        }
        return ends;
    }

    /** The sum of the topic's end offsets: how many records (and transaction markers) it holds. */
    public long endOffset(final String topic) throws ExecutionException, InterruptedException, TimeoutException {
        final Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
        partitions(topic).forEach(tp -> request.put(tp, OffsetSpec.latest()));
        final Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets =
                admin.listOffsets(request).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        return offsets.values().stream().mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
    }

    /** The sum of the group's committed offsets on {@code topic} (0 for partitions it has not committed). */
    public long committed(final String group, final String topic) throws ExecutionException, InterruptedException,
            TimeoutException {
        final Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        return offsets.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    /** Waits until {@code group} has committed the end of {@code topic}; returns how long that took. */
    public Duration awaitCaughtUp(final String group, final String topic, final Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        final Instant start = Instant.now();
        final Instant deadline = start.plus(timeout);
        while (true) {
            final long end = endOffset(topic);
            final long done = committed(group, topic);
            if (done >= end) {
                return Duration.between(start, Instant.now());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new TimeoutException(group + " is still " + (end - done) + " records behind on " + topic
                        + " after " + timeout);
            }
            Thread.sleep(250);
        }
    }

    /**
     * Follows {@code group}'s commits on {@code topic} into {@code progress}, sampling every {@code interval},
     * until they reach its target or have moved for {@code window} more; it gives the rate over the span.
     */
    public void follow(final String group, final String topic, final FoldProgress progress, final Duration interval,
                       final Duration window, final Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        final long windowEnd = progress.movingNanos() + window.toNanos();
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            progress.sample(System.nanoTime(), committed(group, topic));
            if (progress.done() || progress.movingNanos() >= windowEnd) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(group + " committed " + progress.lastCommitted() + " of " + progress.target()
                        + " records of " + topic + " within " + timeout);
            }
            Thread.sleep(interval.toMillis());
        }
    }

    /** The mean size in bytes (key plus value) of up to {@code sample} records from the start of {@code topic}. */
    public double meanRecordSize(final String topic, final int sample) throws ExecutionException,
            InterruptedException, TimeoutException {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-record-size");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = partitions(topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long records = 0;
            long bytes = 0;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (records < sample && System.nanoTime() < deadline) {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    bytes += (record.key() == null ? 0 : record.key().length)
                            + (record.value() == null ? 0 : record.value().length);
                }
            }
            if (records == 0) {
                throw new IllegalStateException(topic + " has no records to measure");
            }
            return (double) bytes / records;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
    }
}
