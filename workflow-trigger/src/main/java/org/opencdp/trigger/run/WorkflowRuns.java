package org.opencdp.trigger.run;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.RecordSize;

/**
 * Builds the run that an event starts for one matching workflow: {@value #STARTED}, or {@value #FAILED} with
 * the reason when it cannot be built (its template does not render, it would not fit a record, ...). A failed run
 * is recorded like any other, is not delivered to the workflow's webhook, and never stops the trigger.
 * <p>
 * Every run is bounded (docs/architecture.md, "Bounded records"): once encoded, with the webhook URL its delivery
 * adds, it takes at most {@link Topics#MAX_RUN_BYTES}. A run over it is recorded failed {@value #TOO_LARGE} with an
 * empty context and no message: a context cut to what fits would be a different customer than the event's, and
 * could render or deliver a message the workflow never meant; the event and customer ids say where the data is.
 */
public final class WorkflowRuns {

    public static final String STARTED = "started";
    public static final String FAILED = "failed";
    /** A failure reason is cut to this many characters: it names the problem, it does not carry the data. */
    static final int MAX_REASON_LENGTH = 1000;
    /** The failure reason's prefix of a run that would not fit {@link Topics#MAX_RUN_BYTES}. */
    public static final String TOO_LARGE = "too_large";

    private WorkflowRuns() {
    }

    /**
     * The run; a template that cannot be rendered, or a run over {@link Topics#MAX_RUN_BYTES}, makes it a failed
     * run, never an exception.
     */
    public static WorkflowRun start(final EnrichedEvent event, final WorkflowDefinition workflow,
                                    final TemplateLimits limits) {
        final Map<String, Object> context = RunContext.of(event.getProfile(), event.getData());
        final WorkflowRun.Builder run = base(event, workflow).setContext(context);
        if (workflow.getTemplate() == null) {
            return fitted(run.build(), event, workflow);
        }
        try {
            return fitted(run.setMessage(MessageTemplates.render(workflow.getTemplate(), context, limits)).build(),
                    event, workflow);
        } catch (UnrenderableTemplate e) {
            return fitted(run.setStatus(FAILED).setFailureReason(bounded(e.getMessage())).build(), event, workflow);
        }
    }

    /** A failed run of {@code workflow} for {@code event}, with no context and no message. */
    public static WorkflowRun failed(final EnrichedEvent event, final WorkflowDefinition workflow, final String reason) {
        return fitted(base(event, workflow).setContext(Map.of()).setStatus(FAILED).setFailureReason(bounded(reason))
                .build(), event, workflow);
    }

    /**
     * {@code run} when it fits {@link Topics#MAX_RUN_BYTES}; otherwise the run failed {@value #TOO_LARGE}, with an
     * empty context and no message (and, only if even that does not fit, the workflow's and event's names and the
     * request id cut as a failure reason is).
     *
     * @throws IllegalArgumentException when even that does not fit: the event's ids alone exceed the bound, so the
     *     event cannot be applied (its containment dead-letters it)
     */
    static WorkflowRun fitted(final WorkflowRun run, final EnrichedEvent event, final WorkflowDefinition workflow) {
        final long size = carriedSize(run, workflow);
        if (size <= Topics.MAX_RUN_BYTES) {
            return run;
        }
        final String reason = TOO_LARGE + ": run of " + size + " bytes (its context and message) exceeds the run bound of "
                + Topics.MAX_RUN_BYTES + " bytes";
        final WorkflowRun failed = base(event, workflow).setContext(Map.of()).setStatus(FAILED)
                .setFailureReason(reason).build();
        if (carriedSize(failed, workflow) <= Topics.MAX_RUN_BYTES) {
            return failed;
        }
        failed.setWorkflowName(bounded(failed.getWorkflowName()));
        failed.setEventName(bounded(failed.getEventName()));
        failed.setRequestId(bounded(failed.getRequestId()));
        final long cut = carriedSize(failed, workflow);
        if (cut > Topics.MAX_RUN_BYTES) {
            throw new IllegalArgumentException("Even without its context, the run of workflow "
                    + bounded(workflow.getWorkflowId()) + " takes " + cut + " bytes, over the run bound of "
                    + Topics.MAX_RUN_BYTES + " bytes");
        }
        return failed;
    }

    /** The run's encoded size with the webhook URL its delivery adds (the rest of a delivery is in the margin). */
    static long carriedSize(final WorkflowRun run, final WorkflowDefinition workflow) {
        final long url = workflow.getWebhook() == null ? 0
                : workflow.getWebhook().getUrl().getBytes(StandardCharsets.UTF_8).length;
        return RecordSize.of(run) + url;
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
                .setFailureReason(null)
                .setProfilePosition(event.getProfile() == null ? null : event.getProfile().getHistoryPosition());
    }
}
