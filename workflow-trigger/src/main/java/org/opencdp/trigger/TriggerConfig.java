package org.opencdp.trigger;

import java.time.Duration;

import org.opencdp.schemas.serde.SchemaRegistry;
import org.opencdp.trigger.run.TemplateLimits;

/**
 * What the trigger topology depends on.
 *
 * @param registry              the schema registry of every Avro key and value
 * @param startedRunsRetention  how long a started run id is remembered to drop re-deliveries of its event
 * @param templateLimits        how much rendering one run's message may produce
 */
public record TriggerConfig(SchemaRegistry registry, Duration startedRunsRetention, TemplateLimits templateLimits) {

    /** With the default template limits. */
    public TriggerConfig(final SchemaRegistry registry, final Duration startedRunsRetention) {
        this(registry, startedRunsRetention, TemplateLimits.DEFAULT);
    }
}
