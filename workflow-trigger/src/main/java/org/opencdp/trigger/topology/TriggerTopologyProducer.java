package org.opencdp.trigger.topology;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;

import org.apache.kafka.streams.Topology;
import org.opencdp.platform.access.DeletedWorkspaces;
import org.opencdp.platform.kafka.FollowedDirectory;
import org.opencdp.schemas.serde.SchemaRegistry;
import org.opencdp.trigger.run.TemplateLimits;
import org.opencdp.trigger.webhook.DeliveryMonitor;
import org.opencdp.trigger.webhook.RetryPolicy;
import org.opencdp.trigger.webhook.WebhookTargets;

/** The one topology Quarkus runs, its serdes on the platform's schema registry client ({@code StreamsEdge}). */
@ApplicationScoped
public class TriggerTopologyProducer {

    /** What readiness reads of the delivering tasks' progress. */
    @Produces
    @Singleton
    DeliveryMonitor deliveryMonitor(final TriggerSettings settings) {
        return new DeliveryMonitor(settings.webhook().stuckAfter(), System::currentTimeMillis);
    }

    /** Where webhooks may go: checked when a definition is written and again at each delivery. */
    @Produces
    @Singleton
    WebhookTargets webhookTargets(final TriggerSettings settings) {
        return new WebhookTargets(settings.webhook().allowedHosts().orElse(List.of()),
                settings.webhook().allowedNetworks().orElse(List.of()));
    }

    /** The one HTTP client of every delivering task of this instance. */
    @Produces
    @Singleton
    WebhookSender webhookSender(final Vertx vertx, final ObjectMapper json, final TriggerSettings settings,
                                final WebhookTargets targets) {
        final TriggerSettings.Webhook webhook = settings.webhook();
        return new WebhookSender(vertx, json, webhook.timeout(), webhook.maxUrlLength(), webhook.maxResponseBytes(),
                targets, WebhookTargets.SYSTEM);
    }

    void closeSender(@Disposes final WebhookSender sender) {
        sender.close();
    }

    @Produces
    @Singleton
    Topology topology(final SchemaRegistry registry, final TriggerSettings settings, final WebhookSender sender,
                      final DeliveryMonitor monitor, final FollowedDirectory workspaces) {
        final TriggerSettings.Webhook webhook = settings.webhook();
        final WebhookConfig delivery = new WebhookConfig(webhook.enabled(),
                new RetryPolicy(webhook.maxAttempts(), webhook.backoff(), webhook.maxBackoff()), webhook.interval(),
                webhook.maxInFlight(), webhook.retention(), sender, monitor);
        return TriggerTopology.build(new TriggerConfig(registry, settings.startedRunsRetention(), delivery,
                new TemplateLimits(settings.templates().maxOutputBytes()), DeletedWorkspaces.of(workspaces)));
    }
}
