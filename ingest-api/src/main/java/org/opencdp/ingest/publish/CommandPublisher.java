package org.opencdp.ingest.publish;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.schemas.Topics;

/**
 * Writes a request's commands to {@code customer-commands}, keyed by {@link CustomerKey} (one customer's
 * commands share a partition and keep their order), and completes once Kafka has acknowledged every one
 * of them ({@code acks=all}), with the positions written. It fails, within the publish timeout, as soon as
 * one command cannot be written. {@link #publish} may block up to {@code max.block.ms} (metadata, a full
 * buffer, the first registration of a schema): call it from a worker thread, never the event loop.
 */
@ApplicationScoped
public class CommandPublisher {

    private final Producer<CustomerKey, CustomerCommand> producer;
    private final Duration timeout;

    @Inject
    public CommandPublisher(final Producer<CustomerKey, CustomerCommand> producer, final PublishSettings settings) {
        this(producer, settings.timeout());
    }

    public CommandPublisher(final Producer<CustomerKey, CustomerCommand> producer, final Duration timeout) {
        this.producer = producer;
        this.timeout = timeout;
    }

    /** Completes with the positions written, or exceptionally with {@link PublishFailedException}. */
    public CompletionStage<ConsistencyToken> publish(final List<CustomerCommand> commands) {
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("A write publishes at least one command");
        }
        final long deadline = System.nanoTime() + timeout.toNanos();
        final Acknowledgements acks = new Acknowledgements(commands.size());
        for (final CustomerCommand command : commands) {
            if (acks.result.isDone()) {
                break;
            }
            if (System.nanoTime() - deadline > 0) {
                acks.result.completeExceptionally(new TimeoutException("Publish timeout of " + timeout + " passed"));
                break;
            }
            try {
                producer.send(record(command), acks::onAck);
            } catch (RuntimeException e) {
                acks.result.completeExceptionally(e);
            }
        }
        return acks.result
                .orTimeout(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(new PublishFailedException(
                        "Could not write " + commands.size() + " command(s) to the command log within " + timeout,
                        failure instanceof CompletionException ? failure.getCause() : failure)));
    }

    static ProducerRecord<CustomerKey, CustomerCommand> record(final CustomerCommand command) {
        final CustomerKey key = new CustomerKey(command.getWorkspaceId(), command.getCustomerId());
        final RecordHeaders headers = new RecordHeaders(List.of(new RecordHeader(
                Topics.REQUEST_ID_HEADER, command.getRequestId().getBytes(StandardCharsets.UTF_8))));
        return new ProducerRecord<>(Topics.CUSTOMER_COMMANDS.name(), null, command.getTimestamp().toEpochMilli(),
                key, command, headers);
    }

    /** Completes when every record is acknowledged, or at the first failure. */
    private static final class Acknowledgements {

        private final CompletableFuture<ConsistencyToken> result = new CompletableFuture<>();
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
                result.complete(ConsistencyToken.of(highestOffsets));
            }
        }
    }
}
