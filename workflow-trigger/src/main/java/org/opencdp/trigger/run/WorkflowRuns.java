package org.opencdp.trigger.run;

import java.util.Map;

import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.avro.WorkflowRun;

/**
 * Builds the run that an event starts for one matching workflow: {@value #STARTED}, or {@value #FAILED} with
 * the reason when it cannot be built (its template does not render, ...). A failed run is recorded like any
 * other, is not delivered to the workflow's webhook, and never stops the trigger.
 */
public final class WorkflowRuns {

    public static final String STARTED = "started";
    public static final String FAILED = "failed";
    /** A failure reason is cut to this many characters: it names the problem, it does not carry the data. */
    static final int MAX_REASON_LENGTH = 1000;

    private WorkflowRuns() {
    }

    /** The run; a template that cannot be rendered makes it a failed run, never an exception. */
    public static WorkflowRun start(final EnrichedEvent event, final WorkflowDefinition workflow,
                                    final TemplateLimits limits) {
        final Map<String, Object> context = RunContext.of(event.getProfile(), event.getData());
        final WorkflowRun.Builder run = base(event, workflow).setContext(context);
        if (workflow.getTemplate() == null) {
            return run.build();
        }
        try {
            return run.setMessage(MessageTemplates.render(workflow.getTemplate(), context, limits)).build();
        } catch (UnrenderableTemplate e) {
            return run.setStatus(FAILED).setFailureReason(bounded(e.getMessage())).build();
        }
    }

    /** A failed run of {@code workflow} for {@code event}, with no context and no message. */
    public static WorkflowRun failed(final EnrichedEvent event, final WorkflowDefinition workflow, final String reason) {
        return base(event, workflow).setContext(Map.of()).setStatus(FAILED).setFailureReason(bounded(reason)).build();
    }

    private static String bounded(final String reason) {
        final String text = String.valueOf(reason);
        return text.length() <= MAX_REASON_LENGTH ? text
                : text.substring(0, text.offsetByCodePoints(0, text.codePointCount(0, MAX_REASON_LENGTH - 1))) + "…";
    }

    /** Whether the run failed (a failed run is recorded but not delivered). */
    public static boolean isFailed(final WorkflowRun run) {
        return FAILED.equals(run.getStatus());
    }

    private static WorkflowRun.Builder base(final EnrichedEvent event, final WorkflowDefinition workflow) {
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
                .setMessage(null)
                .setStatus(STARTED)
                .setFailureReason(null);
    }
}
