package org.opencdp.trigger.topology;

import java.time.Duration;
import org.opencdp.trigger.webhook.DeliveryMonitor;
import org.opencdp.trigger.webhook.RetryPolicy;

/**
 * How the {@link WebhookDeliverer}s of one instance deliver (docs/workflows.md, "Webhook delivery").
 *
 * @param enabled     whether this instance sends at all (the stores are kept either way: every instance runs
 *                    the same topology)
 * @param policy      back-off and attempts before a delivery is parked
 * @param interval    how often (wall-clock) each task collects outcomes, cancels overdue requests and starts
 *                    due ones
 * @param maxInFlight requests one task has open at once; due deliveries past it wait for the next round
 * @param retention   how long a finished (delivered or parked) delivery stays queryable before its tombstone
 * @param sender      the HTTP side, shared by every task of the instance
 * @param monitor     the progress every task reports, read by readiness
 */
public record WebhookConfig(boolean enabled, RetryPolicy policy, Duration interval, int maxInFlight,
                            Duration retention, WebhookSender sender, DeliveryMonitor monitor) {

    public WebhookConfig {
        if (interval.isNegative() || interval.isZero() || maxInFlight < 1 || retention.isNegative()) {
            throw new IllegalArgumentException("Webhook delivery needs a positive interval and in-flight limit, "
                    + "and a retention >= 0");
        }
    }

    /** Sends nothing (the stores are kept): for instances, and tests, that do not deliver. */
    public static WebhookConfig disabled() {
        return new WebhookConfig(false, new RetryPolicy(1, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(1), 1,
                Duration.ofDays(7), null, new DeliveryMonitor(Duration.ofMinutes(1), System::currentTimeMillis));
    }
}
