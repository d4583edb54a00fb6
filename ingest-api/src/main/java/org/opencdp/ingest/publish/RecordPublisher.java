package org.opencdp.ingest.publish;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.opencdp.platform.trace.Tracing;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.Topics;

/**
 * Writes one request's records to a topic and completes once Kafka has acknowledged every one of them
 * ({@code acks=all}), with the highest offset written per partition. It fails, within the publish timeout,
 * as soon as one record cannot be written. {@link #publish} may block up to {@code max.block.ms} (metadata,
 * a full buffer, the first registration of a schema): call it from a worker thread, never the event loop.
 */
final class RecordPublisher<K, V> {

    private final Producer<K, V> producer;
    private final Duration timeout;

    RecordPublisher(final Producer<K, V> producer, final Duration timeout) {
        this.producer = producer;
        this.timeout = timeout;
    }

    /**
     * A command's record for {@code topic}: stamped with the command's time and carrying its request id in the
     * {@link Topics#REQUEST_ID_HEADER} header and the request's trace context in {@link Topics#TRACE_PARENT_HEADER}.
     */
    static <K extends SpecificRecord, V extends SpecificRecord> ProducerRecord<K, V> commandRecord(
            final Topic<K, V> topic, final K key, final V command, final String requestId, final Instant timestamp) {
        final RecordHeaders headers = new RecordHeaders(List.of(new RecordHeader(
                Topics.REQUEST_ID_HEADER, requestId.getBytes(StandardCharsets.UTF_8))));
        Tracing.stampCurrent(headers);
        return new ProducerRecord<>(topic.name(), null, timestamp.toEpochMilli(), key, command, headers);
    }

    /** Completes with the highest offset per partition, or exceptionally with {@link PublishFailedException}. */
    CompletionStage<SortedMap<Integer, Long>> publish(final List<ProducerRecord<K, V>> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("A write publishes at least one record");
        }
        final long deadline = System.nanoTime() + timeout.toNanos();
        final Acknowledgements acks = new Acknowledgements(records.size());
        for (final ProducerRecord<K, V> record : records) {
            if (acks.result.isDone()) {
                break;
            }
            if (System.nanoTime() - deadline > 0) {
                acks.result.completeExceptionally(new TimeoutException("Publish timeout of " + timeout + " passed"));
                break;
            }
            try {
                producer.send(record, acks::onAck);
            } catch (RuntimeException e) {
                acks.result.completeExceptionally(e);
            }
        }
        return acks.result
                .orTimeout(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(new PublishFailedException(
                        "Could not write " + records.size() + " command(s) to " + records.get(0).topic()
                                + " within " + timeout,
                        failure instanceof CompletionException ? failure.getCause() : failure)));
    }

    /** Completes when every record is acknowledged, or at the first failure. */
    private static final class Acknowledgements {

        private final CompletableFuture<SortedMap<Integer, Long>> result = new CompletableFuture<>();
        private final AtomicInteger pending;
        private final Map<Integer, Long> highestOffsets = new ConcurrentHashMap<>();

        Acknowledgements(final int count) {
            this.pending = new AtomicInteger(count);
        }

        void onAck(final RecordMetadata written, final Exception failure) {
            if (failure != null) {
                result.completeExceptionally(failure);
                return;
            }
            highestOffsets.merge(written.partition(), written.offset(), Math::max);
            if (pending.decrementAndGet() == 0) {
                result.complete(new TreeMap<>(highestOffsets));
            }
        }
    }
}
