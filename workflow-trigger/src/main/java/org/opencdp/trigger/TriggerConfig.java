package org.opencdp.trigger;

import java.time.Duration;

import org.opencdp.schemas.serde.SchemaRegistry;
import org.opencdp.trigger.webhook.WebhookConfig;

/**
 * What the trigger topology depends on.
 *
 * @param registry              the schema registry of every Avro key and value
 * @param startedRunsRetention  how long a started run id is remembered to drop re-deliveries of its event
 * @param webhook               how runs are delivered to webhooks
 */
public record TriggerConfig(SchemaRegistry registry, Duration startedRunsRetention, WebhookConfig webhook) {

    /** A trigger that keeps its delivery stores but sends nothing (topology tests that are not about webhooks). */
    public TriggerConfig(final SchemaRegistry registry, final Duration startedRunsRetention) {
        this(registry, startedRunsRetention, WebhookConfig.disabled());
    }
}
