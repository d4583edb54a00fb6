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
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.opencdp.platform.trace.Tracing;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.Topics;

/**
 * Writes one request's records to a topic and completes once Kafka has acknowledged every one of them
 * ({@code acks=all}), with the highest offset written per partition. It fails, within the publish timeout,
 * as soon as one record cannot be written. {@link #publish} may block up to {@code max.block.ms} (metadata,
 * a full buffer, the first registration of a schema): call it from a worker thread, or from the event loop only
 * while {@link #takesWithoutBlocking} holds.
 */
final class RecordPublisher<K, V> {

    /**
     * How recently Kafka must have acknowledged one of this producer's records for {@link #takesWithoutBlocking} to
     * hold: well within {@code metadata.max.idle.ms} (5 minutes), after which the producer forgets a topic it has
     * not written and its next send waits for metadata.
     */
    static final Duration RECENT = Duration.ofSeconds(30);

    /** The free buffer below which a send may soon have to wait for room ({@code buffer.memory}). */
    static final long SPARE_BUFFER_BYTES = 4L * 1024 * 1024;

    private final Producer<K, V> producer;
    private final Duration timeout;
    /** {@link System#nanoTime} of the latest acknowledgement; meaningful once {@link #acknowledged} is set. */
    private volatile long lastAcknowledged;
    private volatile boolean acknowledged;
    /** The producer's {@code buffer-available-bytes}, found at the first look. */
    private volatile Metric bufferAvailable;

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

    /**
     * Whether {@link #publish} can be called now without blocking: Kafka acknowledged one of this producer's
     * records within {@link #RECENT} (so the topic's metadata is known, the schemas are registered and the broker
     * answers) and the buffer has {@link #SPARE_BUFFER_BYTES} free. A hint: when it turns false meanwhile, the
     * send still completes within {@code max.block.ms}.
     */
    boolean takesWithoutBlocking() {
        if (!acknowledged || System.nanoTime() - lastAcknowledged > RECENT.toNanos()) {
            return false;
        }
        final Metric buffer = bufferAvailable();
        return buffer != null && buffer.metricValue() instanceof Number free
                && free.doubleValue() >= SPARE_BUFFER_BYTES;
    }

    private Metric bufferAvailable() {
        Metric found = bufferAvailable;
        if (found == null) {
            found = producer.metrics().entrySet().stream()
                    .filter(metric -> metric.getKey().name().equals("buffer-available-bytes")
                            && metric.getKey().group().equals("producer-metrics"))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            bufferAvailable = found;
        }
        return found;
    }

    /** Completes with the highest offset per partition, or exceptionally with {@link PublishFailedException}. */
    CompletionStage<SortedMap<Integer, Long>> publish(final List<ProducerRecord<K, V>> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("A write publishes at least one record");
        }
        final long deadline = System.nanoTime() + timeout.toNanos();
        final Acknowledgements acks = new Acknowledgements(records.size(), this::acknowledgedNow);
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

    private void acknowledgedNow() {
        lastAcknowledged = System.nanoTime();
        acknowledged = true;
    }

    /** Completes when every record is acknowledged, or at the first failure. */
    private static final class Acknowledgements {

        private final CompletableFuture<SortedMap<Integer, Long>> result = new CompletableFuture<>();
        private final AtomicInteger pending;
        private final Map<Integer, Long> highestOffsets = new ConcurrentHashMap<>();
        private final Runnable onSuccess;

        Acknowledgements(final int count, final Runnable onSuccess) {
            this.pending = new AtomicInteger(count);
            this.onSuccess = onSuccess;
        }

        void onAck(final RecordMetadata written, final Exception failure) {
            if (failure != null) {
                result.completeExceptionally(failure);
                return;
            }
            highestOffsets.merge(written.partition(), written.offset(), Math::max);
            if (pending.decrementAndGet() == 0) {
                onSuccess.run();
                result.complete(new TreeMap<>(highestOffsets));
            }
        }
    }
}
