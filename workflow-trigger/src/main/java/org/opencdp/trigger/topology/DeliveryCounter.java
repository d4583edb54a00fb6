package org.opencdp.trigger.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import org.opencdp.avro.WebhookDelivery;

/**
 * Counts webhook deliveries' outcomes in {@value #NAME} ({@code cdp_webhook_deliveries_total} on
 * {@code /q/metrics}), tagged with {@code outcome}:
 * <ul>
 *   <li>{@value #DELIVERED}: an attempt was answered 2xx;</li>
 *   <li>{@value #FAILED}: an attempt failed (no answer, or not 2xx) and another is scheduled;</li>
 *   <li>{@value #PARKED}: the delivery was given up (its last attempt failed, it cannot be sent as it stands, or
 *       its step failed) and waits for an administrator's retry.</li>
 * </ul>
 * Counted as the deliverer records each change, in its task: a task rolled back under exactly-once and applying
 * the same outcome again counts it again.
 */
final class DeliveryCounter {

    static final String NAME = "cdp.webhook.deliveries";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";
    static final String PARKED = "parked";

    private DeliveryCounter() {
    }

    /** The outcome a delivery's new state {@code recorded} is (a pending one is a failed attempt's). */
    static String outcome(final WebhookDelivery recorded) {
        return switch (recorded.getState()) {
            case WebhookDeliveries.DELIVERED -> DELIVERED;
            case WebhookDeliveries.PARKED -> PARKED;
            default -> FAILED;
        };
    }

    /**
     * Registers every outcome's counter (at 0 until counted): a series that exists before its first increment lets
     * {@code increase()} see that increment, and the dashboard show 0 rather than no data.
     */
    static void register() {
        for (final String outcome : new String[] {DELIVERED, FAILED, PARKED}) {
            counter(outcome);
        }
    }

    /** Counts the outcome of the deliverer's change to {@code recorded}. */
    static void count(final WebhookDelivery recorded) {
        counter(outcome(recorded)).increment();
    }

    private static Counter counter(final String outcome) {
        return Counter.builder(NAME)
                .description("Webhook delivery outcomes: delivered, failed attempt (retried later), parked")
                .tag("outcome", outcome)
                .register(Metrics.globalRegistry);
    }
}
