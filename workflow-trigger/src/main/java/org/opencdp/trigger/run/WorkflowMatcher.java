package org.opencdp.trigger.run;

import java.util.Comparator;
import java.util.List;
import java.util.stream.StreamSupport;

import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.WorkflowDefinition;

/** Which workflows an event starts: the enabled ones of its workspace whose trigger names the event. */
public final class WorkflowMatcher {

    private WorkflowMatcher() {
    }

    /** The matching definitions, ordered by workflow id so that runs are started in a stable order. */
    public static List<WorkflowDefinition> matching(final EnrichedEvent event,
                                                    final Iterable<WorkflowDefinition> definitions) {
        return StreamSupport.stream(definitions.spliterator(), false)
                .filter(d -> d.getEnabled())
                .filter(d -> d.getWorkspaceId().equals(event.getWorkspaceId()))
                .filter(d -> d.getTrigger().getEvent().equals(event.getName()))
                .sorted(Comparator.comparing(WorkflowDefinition::getWorkflowId))
                .toList();
    }
}
