package org.opencdp.trigger.run;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

import org.opencdp.avro.WorkflowRun;
import org.opencdp.schemas.values.RawValues;

/**
 * A run as the API shows it (snake_case JSON); {@code event} is the event's name, {@code status} {@code started} or
 * {@code failed} (then {@code failure_reason} says why).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunDto(String runId, String workflowId, String workflowName, String customerId, String eventId,
                     String event, String requestId, String eventTimestamp, Map<String, Object> context,
                     String message, String status, String failureReason, Delivery delivery) {

    /** Where the run's webhook delivery stands (GET /runs/{run_id}, for a workflow with a webhook). */
    public record Delivery(String state, String url, int attempts, String lastError, String updatedAt) {
    }

    /** This run with its webhook delivery. */
    public RunDto with(final Delivery delivery) {
        return new RunDto(runId, workflowId, workflowName, customerId, eventId, event, requestId, eventTimestamp, context,
                message, status, failureReason, delivery);
    }

    /** Newest event first; the run id orders runs of one instant. */
    public static final Comparator<RunDto> NEWEST_FIRST = Comparator
            .comparing((RunDto run) -> Instant.parse(run.eventTimestamp())).reversed()
            .thenComparing(RunDto::runId);

    public static RunDto of(final WorkflowRun run) {
        return new RunDto(run.getRunId(), run.getWorkflowId(), run.getWorkflowName(), run.getCustomerId(),
                run.getEventId(), run.getEventName(), run.getRequestId(), run.getEventTimestamp().toString(),
                RawValues.plain(run.getContext()), run.getMessage(), run.getStatus(), run.getFailureReason(), null);
    }
}
