package org.opencdp.trigger.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.opencdp.trigger.webhook.DeliveryMonitor;

/**
 * DOWN while webhook delivery is stuck: a task with deliveries due has completed no round for
 * {@code cdp.trigger.webhook.stuck-after} ({@link DeliveryMonitor}).
 */
@Readiness
@ApplicationScoped
public class WebhookReadiness implements HealthCheck {

    @Inject
    DeliveryMonitor monitor;

    @Override
    public HealthCheckResponse call() {
        final var stuck = monitor.stuck();
        final var response = HealthCheckResponse.named("workflow-trigger webhook delivery").status(stuck.isEmpty());
        stuck.ifPresent(task -> response.withData("stuck_task", task));
        return response.build();
    }
}
