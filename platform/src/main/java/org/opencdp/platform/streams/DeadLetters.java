package org.opencdp.platform.streams;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jboss.logging.Logger;
import org.opencdp.schemas.Topics;

/**
 * Sends a record a processor cannot read, accept or apply to its dead-letter sink: its original bytes and
 * headers, plus why ({@link Topics#DEAD_LETTER_REASON_HEADER}, and {@link Topics#DEAD_LETTER_EXCEPTION_HEADER}
 * when an exception stopped it), where it was read ({@link Topics#DEAD_LETTER_TOPIC_HEADER}, partition, offset)
 * and its request id ({@link Topics#REQUEST_ID_HEADER}), so an operator can find, fix and replay it. It is
 * forwarded in the same transaction as the input offsets: never lost, never stopping the task.
 */
public final class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    /** A reason is for a person to read; an exception message may quote a whole input. */
    static final int MAX_REASON_CHARS = 2000;

    private final ProcessorContext<Object, Object> context;
    private final String sink;

    public DeadLetters(final ProcessorContext<Object, Object> context, final String sink) {
        this.context = context;
        this.sink = sink;
    }

    /** The record is refused (unreadable or invalid): {@code reason} says why. */
    public void send(final Record<byte[], byte[]> record, final String reason) {
        send(record, reason, Optional.empty(), Optional.empty());
    }

    /** The record is refused; {@code requestId} is the one its content names (else its header's is kept). */
    public void send(final Record<byte[], byte[]> record, final String reason, final Optional<String> requestId) {
        send(record, reason, requestId, Optional.empty());
    }

    /** Applying the record threw {@code failure}. */
    public void send(final Record<byte[], byte[]> record, final String reason, final Optional<String> requestId,
                     final Optional<? extends Throwable> failure) {
        final Headers headers = new RecordHeaders(record.headers().toArray());
        final String bounded = reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) + "…" : reason;
        put(headers, Topics.DEAD_LETTER_REASON_HEADER, bounded);
        headers.remove(Topics.DEAD_LETTER_EXCEPTION_HEADER);
        failure.ifPresent(e -> put(headers, Topics.DEAD_LETTER_EXCEPTION_HEADER, e.getClass().getName()));
        final Optional<RecordMetadata> source = context.recordMetadata();
        put(headers, Topics.DEAD_LETTER_TOPIC_HEADER, source.map(RecordMetadata::topic).orElse(""));
        put(headers, Topics.DEAD_LETTER_PARTITION_HEADER, source.map(m -> Integer.toString(m.partition())).orElse(""));
        put(headers, Topics.DEAD_LETTER_OFFSET_HEADER, source.map(m -> Long.toString(m.offset())).orElse(""));
        requestId.filter(id -> !id.isEmpty()).ifPresent(id -> put(headers, Topics.REQUEST_ID_HEADER, id));
        final String position = source.map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?");
        if (failure.isPresent()) {
            LOG.errorf(failure.get(), "Record at %s (request %s) sent to the dead-letter topic: %s", position,
                    requestIdOf(headers), bounded);
        } else {
            LOG.warnf("Record at %s (request %s) sent to the dead-letter topic: %s", position, requestIdOf(headers),
                    bounded);
        }
        context.forward(new Record<Object, Object>(record.key(), record.value(), record.timestamp(), headers), sink);
        DeadLetterCounter.count(source.map(RecordMetadata::topic).orElse(""), bounded);
    }

    private static void put(final Headers headers, final String name, final String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String requestIdOf(final Headers headers) {
        final Header header = headers.lastHeader(Topics.REQUEST_ID_HEADER);
        return header == null || header.value() == null ? "?" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
