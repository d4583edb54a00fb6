package org.opencdp.trigger.workflow;

import java.util.List;
import java.util.Optional;

import org.opencdp.avro.AttributeCondition;
import org.opencdp.avro.FilterCondition;

/**
 * A valid workflow definition as a caller asked for it, before it gets an id: its trigger is an event name
 * and, for a trigger on an attribute change, the condition the change must meet (for a trigger on a segment's
 * entries or exits, the segment: its event is segment.entered or segment.exited); a filter on the profile and a
 * message template, both optional.
 */
public record NewWorkflow(String name, String triggerEvent, Optional<AttributeCondition> attributeCondition,
                          Optional<String> webhookUrl, boolean enabled, List<FilterCondition> filter,
                          Optional<String> template, Optional<String> segmentId) {

    public NewWorkflow {
        filter = List.copyOf(filter);
    }

    /** A workflow not triggered by a segment's entries or exits. */
    public NewWorkflow(final String name, final String triggerEvent, final Optional<AttributeCondition> attributeCondition,
                       final Optional<String> webhookUrl, final boolean enabled, final List<FilterCondition> filter,
                       final Optional<String> template) {
        this(name, triggerEvent, attributeCondition, webhookUrl, enabled, filter, template, Optional.empty());
    }
}
