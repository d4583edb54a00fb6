package org.opencdp.trigger;

import java.time.Duration;

import org.opencdp.schemas.serde.SchemaRegistry;

/**
 * What the trigger topology depends on.
 *
 * @param registry              the schema registry of every Avro key and value
 * @param startedRunsRetention  how long a started run id is remembered to drop re-deliveries of its event
 */
public record TriggerConfig(SchemaRegistry registry, Duration startedRunsRetention) {
}
