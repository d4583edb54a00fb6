package org.opencdp.platform.streams;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;
import org.opencdp.platform.failure.ErrorChain;
import org.opencdp.schemas.Topics;

/**
 * Kafka Streams' {@code processing.exception.handler}: the last line of defence behind
 * {@link ContainedProcessor}, for an exception thrown outside a contained apply (a punctuator, a processor not
 * yet contained, the containment itself). The record is skipped, logged at ERROR with where it was read and its
 * request id, and the task goes on: one record must not stop every workspace. (Kafka Streams 4.1 cannot
 * dead-letter from here; the contained path does that.) A transient failure fails the task instead, so
 * Kafka Streams retries it rather than skip a valid record. Kafka Streams asks this handler at the processor that
 * threw; while a {@link ContainedProcessor} applies the record (the thrower is a processor it forwards to), the
 * exception is let through (FAIL) to the containment, which dead-letters the record.
 */
public final class LastResortProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = Logger.getLogger(LastResortProcessingHandler.class);

    @Override
    public ProcessingHandlerResponse handle(final ErrorHandlerContext context, final Record<?, ?> record,
                                            final Exception exception) {
        if (Failures.isTransient(exception)) {
            LOG.warnf(exception, "Transient failure in %s at %s-%d@%d: the task retries", context.processorNodeId(),
                    context.topic(), context.partition(), context.offset());
            return ProcessingHandlerResponse.FAIL;
        }
        if (ContainedProcessor.isApplying()) {
            LOG.debugf("%s failed inside a contained apply; the containment dead-letters the record",
                    context.processorNodeId());
            return ProcessingHandlerResponse.FAIL;
        }
        LOG.errorf(exception, "Record skipped: %s could not process %s-%d@%d (request %s): %s",
                context.processorNodeId(), context.topic(), context.partition(), context.offset(),
                requestId(context), ErrorChain.describe(exception));
        return ProcessingHandlerResponse.CONTINUE;
    }

    static String requestId(final ErrorHandlerContext context) {
        final Header header = context.headers() == null ? null : context.headers().lastHeader(Topics.REQUEST_ID_HEADER);
        return header == null || header.value() == null ? "?" : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void configure(final Map<String, ?> configs) {
    }
}
