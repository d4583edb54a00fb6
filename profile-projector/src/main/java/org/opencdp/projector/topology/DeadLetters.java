package org.opencdp.projector.topology;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;
import org.opencdp.schemas.Topics;

/**
 * Sends a record the projector cannot read or accept to a dead-letter sink: its original bytes and headers
 * plus the reason ({@link Topics#DEAD_LETTER_REASON_HEADER}), so an operator can fix and replay it. It is
 * written in the same transaction as the input offsets: never lost, never stopping the task.
 */
final class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final ProcessorContext<Object, Object> context;
    private final String sink;

    DeadLetters(final ProcessorContext<Object, Object> context, final String sink) {
        this.context = context;
        this.sink = sink;
    }

    void send(final Record<byte[], byte[]> record, final String reason) {
        final RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.remove(Topics.DEAD_LETTER_REASON_HEADER);
        headers.add(Topics.DEAD_LETTER_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        LOG.warnf("Record at %s sent to the dead-letter topic: %s", position(), reason);
        context.forward(new Record<Object, Object>(record.key(), record.value(), record.timestamp(), headers), sink);
    }

    private String position() {
        return context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?");
    }
}
