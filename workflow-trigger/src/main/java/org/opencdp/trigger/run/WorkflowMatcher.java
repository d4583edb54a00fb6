package org.opencdp.trigger.run;

import java.util.Comparator;
import java.util.List;
import java.util.stream.StreamSupport;

import org.opencdp.avro.Attribute;
import org.opencdp.avro.AttributeChange;
import org.opencdp.avro.AttributeCondition;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.Profile;
import org.opencdp.avro.WorkflowDefinition;

/**
 * Which workflows an event starts: the enabled ones of its workspace whose trigger names the event and, for
 * an attribute-change trigger, whose condition one of the event's changes meets, for a segment trigger, whose
 * segment the event's is, and whose filter the profile
 * (as it stood when the event was folded) passes.
 */
public final class WorkflowMatcher {

    private WorkflowMatcher() {
    }

    /** The matching definitions, ordered by workflow id so that runs are started in a stable order. */
    public static List<WorkflowDefinition> matching(final EnrichedEvent event,
                                                    final Iterable<WorkflowDefinition> definitions) {
        return StreamSupport.stream(definitions.spliterator(), false)
                .filter(d -> matches(event, d))
                .sorted(Comparator.comparing(WorkflowDefinition::getWorkflowId))
                .toList();
    }

    /** Whether {@code event} starts {@code d}. */
    public static boolean matches(final EnrichedEvent event, final WorkflowDefinition d) {
        return d.getEnabled()
                && d.getWorkspaceId().equals(event.getWorkspaceId())
                && d.getTrigger().getEvent().equals(event.getName())
                && (d.getTrigger().getSegmentId() == null
                        || d.getTrigger().getSegmentId().equals(String.valueOf(event.getData().get("segment_id"))))
                && (d.getTrigger().getAttribute() == null
                        || event.getChanges().stream().anyMatch(change -> meets(change, d.getTrigger().getAttribute(), event.getProfile())))
                && ProfileFilter.holds(d.getFilter(), event.getProfile());
    }

    /**
     * The change is of the condition's property, from and to the values it names (when it names them). An old
     * value the change omits (docs/workflows.md, "attribute.changed") equals no condition value: it is not "held
     * none". An omitted new value is the one the event's profile holds.
     */
    static boolean meets(final AttributeChange change, final AttributeCondition condition, final Profile profile) {
        return change.getProperty().equals(condition.getProperty())
                && (condition.getFromValue() == null
                        || !change.getOldValueOmitted() && condition.getFromValue().equals(text(change.getOldValue())))
                && (condition.getToValue() == null || condition.getToValue().equals(newText(change, profile)));
    }

    private static String newText(final AttributeChange change, final Profile profile) {
        if (!change.getNewValueOmitted()) {
            return text(change.getNewValue());
        }
        final Attribute held = profile.getAttributes().get(change.getProperty());
        return held == null ? null : text(held.getValue());
    }

    /** A typed value as the text a condition names it by; null for none (and for lists, which no condition names). */
    private static String text(final Object typedValue) {
        if (typedValue == null) {
            return null;
        }
        final Object raw = RunContext.raw(typedValue);
        return raw instanceof String || raw instanceof Number || raw instanceof Boolean ? String.valueOf(raw) : null;
    }
}
