package org.opencdp.trigger.workflow;

import java.util.List;
import java.util.Optional;

import org.opencdp.avro.AttributeCondition;
import org.opencdp.avro.FilterCondition;

/**
 * A valid workflow definition as a caller asked for it, before it gets an id: its trigger is an event name
 * and, for a trigger on an attribute change, the condition the change must meet; a filter on the profile and a
 * message template, both optional.
 */
public record NewWorkflow(String name, String triggerEvent, Optional<AttributeCondition> attributeCondition,
                          Optional<String> webhookUrl, boolean enabled, List<FilterCondition> filter,
                          Optional<String> template) {

    public NewWorkflow {
        filter = List.copyOf(filter);
    }
}
