package org.opencdp.trigger.topology;

import java.time.Duration;

import org.opencdp.platform.access.DeletedWorkspaces;
import org.opencdp.schemas.serde.SchemaRegistry;
import org.opencdp.trigger.run.TemplateLimits;

/**
 * What the trigger topology depends on.
 *
 * @param registry              the schema registry of every Avro key and value
 * @param startedRunsRetention  how long a started run id is remembered to drop re-deliveries of its event
 * @param webhook               how runs are delivered to webhooks
 * @param templateLimits        how much rendering one run's message may produce
 * @param deleted               the workspaces the operator deleted: their events start nothing, their runs and
 *                              deliveries are erased ({@link CustomerErasure})
 */
public record TriggerConfig(SchemaRegistry registry, Duration startedRunsRetention, WebhookConfig webhook,
                            TemplateLimits templateLimits, DeletedWorkspaces deleted) {

    /** Without deleted workspaces: tests that delete none. */
    public TriggerConfig(final SchemaRegistry registry, final Duration startedRunsRetention, final WebhookConfig webhook,
                         final TemplateLimits templateLimits) {
        this(registry, startedRunsRetention, webhook, templateLimits, DeletedWorkspaces.NONE);
    }

    /** A trigger that keeps its delivery stores but sends nothing (topology tests that are not about webhooks). */
    public TriggerConfig(final SchemaRegistry registry, final Duration startedRunsRetention) {
        this(registry, startedRunsRetention, WebhookConfig.disabled(), TemplateLimits.DEFAULT);
    }

    /** With the default template limits. */
    public TriggerConfig(final SchemaRegistry registry, final Duration startedRunsRetention, final WebhookConfig webhook) {
        this(registry, startedRunsRetention, webhook, TemplateLimits.DEFAULT);
    }
}
