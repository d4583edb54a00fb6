package org.opencdp.trigger.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.jboss.logging.Logger;
import org.opencdp.platform.streams.Failures;
import org.opencdp.schemas.Topics;

/**
 * Poison pills (records that cannot be deserialized) go, as their original bytes and headers, to the
 * dead-letter topic of their source topic ({@code <topic>-dlq}) with the reason in
 * {@link Topics#DEAD_LETTER_REASON_HEADER} and the position in {@link #SOURCE_HEADER}; processing goes on.
 * If even the dead-letter write fails, processing stops rather than drop the record silently. A transient
 * failure (the schema registry cannot be reached) is no poison: the record is not dead-lettered, the task
 * fails and is retried ({@link TransientFailureRecovery}).
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler {

    /** Unreadable enriched events. */
    public static final String ENRICHED_EVENTS_DLQ = topicFor(Topics.ENRICHED_EVENTS.name());
    /** Unreadable workflow definitions. */
    public static final String WORKFLOWS_DLQ = topicFor(Topics.WORKFLOWS.name());
    /** {@code <topic>/<partition>@<offset>} of the original record. */
    public static final String SOURCE_HEADER = "cdp.dlq.source";

    private static final Logger LOG = Logger.getLogger(DeadLetterHandler.class);

    private DeadLetterSink sink;

    /** For Kafka Streams, which configures it with the streams configuration. */
    public DeadLetterHandler() {
    }

    DeadLetterHandler(final DeadLetterSink sink) {
        this.sink = sink;
    }

    public static String topicFor(final String sourceTopic) {
        return sourceTopic + "-dlq";
    }

    @Override
    public void configure(final Map<String, ?> configs) {
        if (sink == null) {
            sink = new KafkaDeadLetterSink(configs);
        }
    }

    @Override
    public DeserializationHandlerResponse handle(final ErrorHandlerContext context,
                                                 final ConsumerRecord<byte[], byte[]> record,
                                                 final Exception exception) {
        if (Failures.isTransient(exception)) {
            LOG.warnf("Record %s/%d@%d cannot be read now (%s); its task will retry it", record.topic(),
                    record.partition(), record.offset(), exception.getMessage());
            return DeserializationHandlerResponse.FAIL;
        }
        final String deadLetterTopic = topicFor(record.topic());
        final String source = record.topic() + "/" + record.partition() + "@" + record.offset();
        LOG.warnf(exception, "Unreadable record %s goes to %s", source, deadLetterTopic);
        final Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add(Topics.DEAD_LETTER_REASON_HEADER, reason(exception).getBytes(StandardCharsets.UTF_8));
        headers.add(SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
        try {
            sink.send(deadLetterTopic, record.key(), record.value(), headers);
            return DeserializationHandlerResponse.CONTINUE;
        } catch (RuntimeException e) {
            LOG.errorf(e, "Cannot write unreadable record %s to %s; stopping", source, deadLetterTopic);
            return DeserializationHandlerResponse.FAIL;
        }
    }

    private static String reason(final Exception exception) {
        final StringBuilder reason = new StringBuilder(String.valueOf(exception.getMessage()));
        for (Throwable cause = exception.getCause(); cause != null; cause = cause.getCause()) {
            reason.append(": ").append(cause.getMessage());
        }
        return reason.toString();
    }
}
