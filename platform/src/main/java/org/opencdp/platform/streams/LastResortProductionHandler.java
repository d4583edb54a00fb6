package org.opencdp.platform.streams;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.jboss.logging.Logger;
import org.opencdp.platform.failure.ErrorChain;

/**
 * Kafka Streams' {@code production.exception.handler}: the last line of defence for a record Kafka Streams
 * cannot serialize or the broker does not accept (for instance {@code RecordTooLargeException}). A transient
 * send error is retried; any other is logged at ERROR with the record's topic, size and the input it came from,
 * and the task goes on (CONTINUE) instead of stopping every workspace on a record that will fail the same way
 * after every restart. What CONTINUE means under exactly_once_v2, changelogs included, is in
 * docs/architecture.md ("Containment"); the services bound what they write so that this is not reached.
 */
public final class LastResortProductionHandler implements ProductionExceptionHandler {

    private static final Logger LOG = Logger.getLogger(LastResortProductionHandler.class);

    @Override
    public ProductionExceptionHandlerResponse handle(final ErrorHandlerContext context,
                                                     final ProducerRecord<byte[], byte[]> record,
                                                     final Exception exception) {
        if (exception instanceof RetriableException) {
            return ProductionExceptionHandlerResponse.RETRY;
        }
        LOG.errorf(exception, "Record to %s dropped (%d bytes; from %s-%d@%d, request %s): %s", record.topic(),
                record.value() == null ? 0 : record.value().length, context.topic(), context.partition(),
                context.offset(), LastResortProcessingHandler.requestId(context), ErrorChain.describe(exception));
        return ProductionExceptionHandlerResponse.CONTINUE;
    }

    @SuppressWarnings("rawtypes")
    @Override
    public ProductionExceptionHandlerResponse handleSerializationException(final ErrorHandlerContext context,
                                                                           final ProducerRecord record,
                                                                           final Exception exception,
                                                                           final SerializationExceptionOrigin origin) {
        if (Failures.isTransient(exception)) {
            // Kafka Streams does not retry a serialization; failing hands it to the contained processor, which
            // rethrows a transient failure so the task retries the record.
            return ProductionExceptionHandlerResponse.FAIL;
        }
        LOG.errorf(exception, "Record to %s dropped: its %s cannot be serialized (from %s-%d@%d, request %s): %s",
                record.topic(), origin, context.topic(), context.partition(), context.offset(),
                LastResortProcessingHandler.requestId(context), ErrorChain.describe(exception));
        return ProductionExceptionHandlerResponse.CONTINUE;
    }

    @Override
    public void configure(final Map<String, ?> configs) {
    }
}
