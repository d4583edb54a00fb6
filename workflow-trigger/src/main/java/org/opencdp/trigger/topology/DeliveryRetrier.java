package org.opencdp.trigger.topology;

import java.time.Instant;
import java.util.Optional;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.WebhookDelivery;
import org.opencdp.avro.WebhookRetry;
import org.opencdp.platform.streams.ContainedProcessor;
import org.opencdp.platform.streams.DeadLetters;
import org.opencdp.platform.streams.Failures;

/**
 * Applies an administrator's retry ({@code webhook-retries}, co-partitioned with the runs): a PARKED delivery
 * becomes PENDING from its first attempt, due at once. A retry of a delivery that is not parked (any more) or is
 * gone changes nothing: the API answered 409/404 for what it saw, and a repeated retry is harmless.
 * <p>
 * The first processor on {@code webhook-retries}, inside a {@link ContainedProcessor}: a retry that is unreadable
 * or cannot be applied goes to {@code webhook-retries-dlq} in the same transaction, and the task goes on.
 */
public final class DeliveryRetrier implements ContainedProcessor.Application<CustomerKey, WebhookRetry> {

    private static final Logger LOG = Logger.getLogger(DeliveryRetrier.class);

    private final String deliveriesSink;
    private final DeliveryBook.Opener books;
    private ProcessorContext<Object, Object> context;
    private DeliveryBook book;

    /** Sends the deliveries it makes pending again to {@code deliveriesSink}. */
    public DeliveryRetrier(final String deliveriesSink, final DeliveryBook.Opener books) {
        this.deliveriesSink = deliveriesSink;
        this.books = books;
    }

    @Override
    public void init(final ProcessorContext<Object, Object> context, final DeadLetters deadLetters) {
        this.context = context;
        this.book = books.open(context);
    }

    @Override
    public void apply(final Record<byte[], byte[]> record, final CustomerKey key, final WebhookRetry retry) {
        final Optional<WebhookDelivery> parked = parked(DeliveryStores.deliveryKey(retry.getWorkspaceId(),
                retry.getRunId()));
        if (parked.isEmpty()) {
            LOG.debugf("Retry of run %s ignored: its delivery is not parked", retry.getRunId());
            return;
        }
        final Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        final WebhookDelivery again = new WebhookDelivery(WebhookDeliveries.PENDING, parked.get().getUrl(), 0,
                parked.get().getLastError(), now, parked.get().getRun(), now);
        book.put(parked, again);
        context.forward(new Record<>(DeliveryBook.topicKey(again.getRun()), again, record.timestamp()), deliveriesSink);
    }

    /** The parked delivery under {@code key}; none when there is none, it is not parked, or it cannot be read. */
    private Optional<WebhookDelivery> parked(final String key) {
        try {
            return book.get(key).filter(d -> WebhookDeliveries.PARKED.equals(d.getState()));
        } catch (RuntimeException e) {
            if (Failures.isTransient(e)) {
                throw e;
            }
            LOG.errorf("Retry of the unreadable delivery %s ignored: %s", key, e.toString());
            return Optional.empty();
        }
    }
}
