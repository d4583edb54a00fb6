package org.opencdp.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.ingest.command.CommandOrigin;
import org.opencdp.schemas.ConsistencyToken;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.InMemorySchemaRegistry;
import org.opencdp.schemas.serde.SchemaRegistryException;

class CommandPublisherTest {

    private static final String TOPIC = Topics.CUSTOMER_COMMANDS.name();
    private static final CommandOrigin ORIGIN = new CommandOrigin("demo", "w-1", "req-1", "POST /customers",
            ApiFamily.RETAINLY, Instant.parse("2024-05-01T10:00:00Z"));

    /** The partition of each record sent, in send order: Kafka's default hashing of the serialized key. */
    private final List<Integer> partitions = new CopyOnWriteArrayList<>();
    private final MockProducer<CustomerKey, CustomerCommand> producer = producer();
    private final CommandPublisher publisher = new CommandPublisher(producer, Duration.ofSeconds(5));

    private MockProducer<CustomerKey, CustomerCommand> producer() {
        final Node node = new Node(0, "localhost", 9092);
        final List<PartitionInfo> partitions = List.of(
                new PartitionInfo(TOPIC, 0, node, new Node[]{node}, new Node[]{node}),
                new PartitionInfo(TOPIC, 1, node, new Node[]{node}, new Node[]{node}),
                new PartitionInfo(TOPIC, 2, node, new Node[]{node}, new Node[]{node}));
        final Cluster cluster = new Cluster("test", List.of(node), partitions, Set.of(), Set.of());
        final var serdes = Topics.CUSTOMER_COMMANDS.serdes(new InMemorySchemaRegistry());
        return new MockProducer<>(cluster, false, new KeyHashPartitioner(), serdes.key().serializer(),
                serdes.value().serializer());
    }

    private static CustomerCommand upsert(final int index, final String customerId) {
        return ORIGIN.upsertAttributes(index, customerId, Map.of("plan", "pro"));
    }

    @Test
    void shouldCompleteWithTheHighestOffsetPerPartitionOnceEveryCommandIsAcknowledged() throws Exception {
        // Given four commands published
        final CompletableFuture<ConsistencyToken> written = publisher.publish(List.of(
                upsert(0, "a"), upsert(1, "b"), upsert(2, "a"), upsert(3, "c"))).toCompletableFuture();
        // When Kafka acknowledges all but the last; Then the write is not complete
        producer.completeNext();
        producer.completeNext();
        producer.completeNext();
        assertThat(written).isNotDone();
        // When the last is acknowledged; Then the token names the highest offset of each partition touched
        producer.completeNext();
        final ConsistencyToken token = written.get(1, TimeUnit.SECONDS);
        // (MockProducer numbers each partition's records from offset 0)
        final Map<Integer, Long> expected = new TreeMap<>();
        partitions.forEach(p -> expected.merge(p, 0L, (offset, one) -> offset + 1));
        assertThat(token.offsets()).isEqualTo(expected);
        assertThat(partitions.get(0)).isEqualTo(partitions.get(2));
    }

    @Test
    void shouldKeyEveryRecordByWorkspaceAndCustomerWithTheRequestIdHeader() {
        // Given two commands for the same customer
        publisher.publish(List.of(upsert(0, "a"), upsert(1, "a")));
        // Then both carry key (demo, a), the ingest timestamp and the request id header, in order
        assertThat(producer.history()).extracting(ProducerRecord::key)
                .containsOnly(new CustomerKey("demo", "a"));
        assertThat(producer.history()).extracting(r -> r.value().getCommandId()).containsExactly("w-1:0", "w-1:1");
        assertThat(producer.history()).extracting(ProducerRecord::timestamp)
                .containsOnly(Instant.parse("2024-05-01T10:00:00Z").toEpochMilli());
        assertThat(producer.history()).extracting(r -> new String(
                r.headers().lastHeader(Topics.REQUEST_ID_HEADER).value(), StandardCharsets.UTF_8)).containsOnly("req-1");
        assertThat(partitions).hasSize(2).containsOnly(partitions.get(0));
    }

    @Test
    void shouldFailAsSoonAsOneCommandIsRefused() {
        // Given two commands; When the first fails; Then the write fails without waiting for the second
        final CompletableFuture<ConsistencyToken> written = publisher.publish(List.of(upsert(0, "a"), upsert(1, "b")))
                .toCompletableFuture();
        producer.errorNext(new NotEnoughReplicasException("not enough replicas"));
        assertThat(written).isCompletedExceptionally();
        assertThat(cause(written)).isInstanceOf(PublishFailedException.class)
                .hasCauseInstanceOf(NotEnoughReplicasException.class);
    }

    @Test
    void shouldFailWhenTheRegistryIsUnreachable() {
        // Given send() throws as the serializer cannot register the schema
        producer.sendException = new SchemaRegistryException("registry down");
        // When published; Then a PublishFailedException, not an escaping RuntimeException
        final CompletableFuture<ConsistencyToken> written = publisher.publish(List.of(upsert(0, "a"))).toCompletableFuture();
        assertThat(cause(written)).isInstanceOf(PublishFailedException.class)
                .hasCauseInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void shouldStopSendingAfterASynchronousFailure() {
        producer.sendException = new KafkaException("metadata timeout");
        publisher.publish(List.of(upsert(0, "a"), upsert(1, "b"), upsert(2, "c")));
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void shouldFailWhenKafkaDoesNotAnswerWithinTheTimeout() {
        // Given a publisher with a short timeout and a Kafka that never acknowledges
        final CommandPublisher impatient = new CommandPublisher(producer, Duration.ofMillis(200));
        final CompletableFuture<ConsistencyToken> written = impatient.publish(List.of(upsert(0, "a"))).toCompletableFuture();
        // Then the write fails after about the timeout
        final long start = System.nanoTime();
        assertThat(cause(written)).isInstanceOf(PublishFailedException.class)
                .hasCauseInstanceOf(TimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void shouldTakeRecordsWithoutBlockingOnlyAfterAnAcknowledgementAndWithSpareBuffer() {
        // Given a producer with its whole buffer free that has not written anything yet
        final AtomicLong free = new AtomicLong(134_217_728L);
        producer.setMockMetrics(new MetricName("buffer-available-bytes", "producer-metrics", "", Map.of()),
                new Metric() {
                    @Override
                    public MetricName metricName() {
                        return new MetricName("buffer-available-bytes", "producer-metrics", "", Map.of());
                    }

                    @Override
                    public Object metricValue() {
                        return (double) free.get();
                    }
                });
        // Then a send may block (metadata, the registry): not on the event loop
        assertThat(publisher.takesWithoutBlocking()).isFalse();
        // When a write is sent but not yet acknowledged; Then still not
        publisher.publish(List.of(upsert(0, "a")));
        assertThat(publisher.takesWithoutBlocking()).isFalse();
        // When Kafka acknowledges it; Then the producer takes records without blocking
        producer.completeNext();
        assertThat(publisher.takesWithoutBlocking()).isTrue();
        // When the buffer fills (a broker away) below the spare room; Then no longer
        free.set(RecordPublisher.SPARE_BUFFER_BYTES - 1);
        assertThat(publisher.takesWithoutBlocking()).isFalse();
    }

    @Test
    void shouldNotTakeRecordsWithoutBlockingWhenAWriteFailed() {
        // Given a producer whose only write failed
        publisher.publish(List.of(upsert(0, "a")));
        producer.errorNext(new NotEnoughReplicasException("not enough replicas"));
        // Then sends are not known not to block
        assertThat(publisher.takesWithoutBlocking()).isFalse();
    }

    /** What KafkaProducer does for a keyed record without a partitioner: murmur2 of the key's bytes. */
    private final class KeyHashPartitioner implements Partitioner {

        @Override
        public int partition(final String topic, final Object key, final byte[] keyBytes, final Object value,
                             final byte[] valueBytes, final Cluster cluster) {
            final int partition = BuiltInPartitioner.partitionForKey(keyBytes, cluster.partitionsForTopic(topic).size());
            partitions.add(partition);
            return partition;
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(final Map<String, ?> configs) {
        }
    }

    private static Throwable cause(final CompletableFuture<?> future) {
        try {
            future.get(5, TimeUnit.SECONDS);
            throw new AssertionError("Expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
