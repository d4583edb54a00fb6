package org.opencdp.trigger.run;

import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.avro.WorkflowRun;

/** Builds the run that an event starts for one matching workflow. */
public final class WorkflowRuns {

    private WorkflowRuns() {
    }

    public static WorkflowRun start(final EnrichedEvent event, final WorkflowDefinition workflow) {
        return WorkflowRun.newBuilder()
                .setRunId(RunIds.of(event.getEventId(), workflow.getWorkflowId()))
                .setWorkspaceId(event.getWorkspaceId())
                .setWorkflowId(workflow.getWorkflowId())
                .setWorkflowName(workflow.getName())
                .setCustomerId(event.getCustomerId())
                .setEventId(event.getEventId())
                .setEventName(event.getName())
                .setRequestId(event.getRequestId())
                .setEventTimestamp(event.getTimestamp())
                .setContext(RunContext.of(event.getProfile(), event.getData()))
                .setMessage(workflow.getTemplate() == null ? null
                        : MessageTemplates.render(workflow.getTemplate(), RunContext.of(event.getProfile(), event.getData())))
                .build();
    }
}
