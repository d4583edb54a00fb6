package org.opencdp.ingest.query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.opencdp.ingest.deadletter.DeadLetter;
import org.opencdp.ingest.deadletter.Shown;
import org.opencdp.platform.kafka.KafkaClients;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.KeyWorkspace;

/**
 * Reads the newest dead letters of one workspace from the dead-letter topics: for each partition, at most
 * {@code cdp.ingest.dead-letters.scan-per-partition} records back from its end (committed records only), keeping
 * those whose key names the workspace ({@link KeyWorkspace}; a record whose key names none belongs to no
 * workspace and is shown to none), newest first. Every wait is bounded by {@code cdp.ingest.dead-letters.timeout}:
 * metadata the broker does not give in time is a {@link org.apache.kafka.common.errors.TimeoutException}; records
 * not all read in time make an incomplete listing, said so.
 */
@ApplicationScoped
public class DeadLetterLog {

    /** What one listing found; {@code complete} is false when some partition was not read to its end in time. */
    public record Listing(List<DeadLetter> records, boolean complete) {
    }

    private static final Comparator<ConsumerRecord<byte[], byte[]>> OLDEST_FIRST =
            Comparator.<ConsumerRecord<byte[], byte[]>>comparingLong(ConsumerRecord::timestamp)
                    .thenComparing(ConsumerRecord::topic).thenComparingInt(ConsumerRecord::partition)
                    .thenComparingLong(ConsumerRecord::offset);

    private final KafkaClients clients;
    private final int scanPerPartition;
    private final int maxShownBytes;
    private final Duration timeout;

    @Inject
    public DeadLetterLog(final KafkaClients clients,
                         @ConfigProperty(name = "cdp.ingest.dead-letters.scan-per-partition") final int scanPerPartition,
                         @ConfigProperty(name = "cdp.ingest.dead-letters.max-shown-bytes") final int maxShownBytes,
                         @ConfigProperty(name = "cdp.ingest.dead-letters.timeout") final Duration timeout) {
        this.clients = clients;
        this.scanPerPartition = scanPerPartition;
        this.maxShownBytes = maxShownBytes;
        this.timeout = timeout;
    }

    /** The newest {@code limit} dead letters of {@code workspace} on {@code topics}. Blocks up to the timeout. */
    public Listing newest(final String workspace, final List<String> topics, final int limit) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        try (Consumer<byte[], byte[]> consumer = clients.consumer("ingest-api-dead-letters",
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = new ArrayList<>();
            final Map<String, List<PartitionInfo>> known = consumer.listTopics(timeout);
            for (final String topic : topics) {
                for (final PartitionInfo info : known.getOrDefault(topic, List.of())) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            final Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, timeout);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            final Set<TopicPartition> unread = new HashSet<>();
            for (final TopicPartition partition : partitions) {
                final long end = ends.get(partition);
                final long start = Math.max(begins.get(partition), end - scanPerPartition);
                if (start < end) {
                    consumer.seek(partition, start);
                    unread.add(partition);
                } else {
                    consumer.pause(List.of(partition));
                }
            }
            final PriorityQueue<ConsumerRecord<byte[], byte[]>> newest = new PriorityQueue<>(OLDEST_FIRST);
            while (!unread.isEmpty() && System.nanoTime() < deadline) {
                final long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(Math.min(200, left)))) {
                    final TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < ends.get(partition)
                            && KeyWorkspace.of(record.key()).filter(workspace::equals).isPresent()) {
                        newest.add(record);
                        if (newest.size() > limit) {
                            newest.poll();
                        }
                    }
                }
                final List<TopicPartition> done = new ArrayList<>();
                for (final TopicPartition partition : unread) {
                    if (consumer.position(partition, timeout) >= ends.get(partition)) {
                        done.add(partition);
                    }
                }
                done.forEach(unread::remove);
                consumer.pause(done);
            }
            final List<DeadLetter> shown = new ArrayList<>(newest.size());
            while (!newest.isEmpty()) {
                shown.add(view(newest.poll()));
            }
            return new Listing(shown.reversed(), unread.isEmpty());
        }
    }

    private DeadLetter view(final ConsumerRecord<byte[], byte[]> record) {
        final List<DeadLetter.Header> headers = new ArrayList<>();
        for (final Header header : record.headers()) {
            headers.add(new DeadLetter.Header(header.key(), Shown.of(header.value(), maxShownBytes)));
        }
        final Map<String, String> named = new HashMap<>();
        for (final String name : List.of(Topics.DEAD_LETTER_REASON_HEADER, Topics.DEAD_LETTER_EXCEPTION_HEADER,
                Topics.DEAD_LETTER_TOPIC_HEADER, Topics.DEAD_LETTER_PARTITION_HEADER, Topics.DEAD_LETTER_OFFSET_HEADER,
                Topics.REQUEST_ID_HEADER)) {
            final Header header = record.headers().lastHeader(name);
            if (header != null && header.value() != null) {
                named.put(name, Shown.of(header.value(), maxShownBytes).value());
            }
        }
        return new DeadLetter(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()).toString(),
                named.get(Topics.DEAD_LETTER_REASON_HEADER), named.get(Topics.DEAD_LETTER_EXCEPTION_HEADER),
                named.get(Topics.DEAD_LETTER_TOPIC_HEADER), named.get(Topics.DEAD_LETTER_PARTITION_HEADER),
                named.get(Topics.DEAD_LETTER_OFFSET_HEADER), named.get(Topics.REQUEST_ID_HEADER),
                Shown.of(record.key(), maxShownBytes), Shown.of(record.value(), maxShownBytes), List.copyOf(headers));
    }
}
