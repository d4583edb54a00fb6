package org.opencdp.trigger.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.jboss.logging.Logger;
import org.opencdp.platform.failure.ErrorChain;
import org.opencdp.platform.streams.DeadLetterCounter;
import org.opencdp.platform.streams.Failures;
import org.opencdp.schemas.Topics;

/**
 * Unreadable workflow definitions: the one source the shared contained path
 * ({@code org.opencdp.platform.streams.ContainedProcessor}) cannot serve, because {@code workflows} feeds a global
 * store, whose processor can neither forward to a sink nor write in the task's transaction. A record that cannot be
 * deserialized goes, as its original bytes and headers, to {@code workflows-dlq} with the same headers as every
 * other dead letter (reason, exception class, source topic, partition, offset; the request id header it came
 * with), written by a producer of its own; processing goes on. If even the dead-letter write fails, processing
 * stops rather than drop the record silently. Every other source reads bytes and is contained in its topology.
 * A transient failure (the schema registry cannot be reached) is no poison: the record is not dead-lettered, the
 * task fails and is retried ({@link org.opencdp.platform.streams.TransientFailureRecovery}).
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler {


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
        final String reason = "unreadable: " + ErrorChain.messages(exception);
        put(headers, Topics.DEAD_LETTER_REASON_HEADER, reason);
        put(headers, Topics.DEAD_LETTER_EXCEPTION_HEADER, exception.getClass().getName());
        put(headers, Topics.DEAD_LETTER_TOPIC_HEADER, record.topic());
        put(headers, Topics.DEAD_LETTER_PARTITION_HEADER, Integer.toString(record.partition()));
        put(headers, Topics.DEAD_LETTER_OFFSET_HEADER, Long.toString(record.offset()));
        try {
            sink.send(deadLetterTopic, record.key(), record.value(), headers);
            DeadLetterCounter.count(record.topic(), reason);
            return DeserializationHandlerResponse.CONTINUE;
        } catch (RuntimeException e) {
            LOG.errorf(e, "Cannot write unreadable record %s to %s; stopping", source, deadLetterTopic);
            return DeserializationHandlerResponse.FAIL;
        }
    }

    private static void put(final Headers headers, final String name, final String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
