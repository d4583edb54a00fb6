package org.opencdp.trigger.workflow;

import java.util.Optional;

import org.opencdp.avro.AttributeCondition;

/**
 * A valid workflow definition as a caller asked for it, before it gets an id: its trigger is an event name
 * and, for a trigger on an attribute change, the condition the change must meet.
 */
public record NewWorkflow(String name, String triggerEvent, Optional<AttributeCondition> attributeCondition,
                          Optional<String> webhookUrl, boolean enabled) {
}
