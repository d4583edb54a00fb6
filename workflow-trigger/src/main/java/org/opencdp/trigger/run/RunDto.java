package org.opencdp.trigger.run;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.opencdp.avro.WorkflowRun;
import org.opencdp.schemas.HistoryPositions;
import org.opencdp.schemas.values.RawValues;

/**
 * A run as the API shows it (snake_case JSON); {@code event} is the event's name, {@code status} {@code started} or
 * {@code failed} (then {@code failure_reason} says why). {@code profile_as_of} is the read of the customer's profile
 * as the workflow saw it (the projector's {@code ?as_of_position=}; {@code ?as_of=} the event's time for a run
 * that kept no position), docs/history.md.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunDto(String runId, String workflowId, String workflowName, String customerId, String eventId,
                     String event, String requestId, String eventTimestamp, Map<String, Object> context,
                     String message, String status, String failureReason, String profileAsOf, Delivery delivery) {

    /** Where the run's webhook delivery stands (GET /runs/{run_id}, for a workflow with a webhook). */
    public record Delivery(String state, String url, int attempts, String lastError, String updatedAt) {
    }

    /** This run with its webhook delivery. */
    public RunDto with(final Delivery delivery) {
        return new RunDto(runId, workflowId, workflowName, customerId, eventId, event, requestId, eventTimestamp, context,
                message, status, failureReason, profileAsOf, delivery);
    }

    /** Newest event first; the run id orders runs of one instant. */
    public static final Comparator<RunDto> NEWEST_FIRST = Comparator
            .comparing((RunDto run) -> Instant.parse(run.eventTimestamp())).reversed()
            .thenComparing(RunDto::runId);

    public static RunDto of(final WorkflowRun run) {
        return new RunDto(run.getRunId(), run.getWorkflowId(), run.getWorkflowName(), run.getCustomerId(),
                run.getEventId(), run.getEventName(), run.getRequestId(), run.getEventTimestamp().toString(),
                RawValues.plain(run.getContext()), run.getMessage(), run.getStatus(), run.getFailureReason(),
                profileAsOf(run), null);
    }

    /**
     * The profile read that shows the customer as the run saw it: at the position in its history of the profile its
     * event carried, so exactly that profile whatever the order of command timestamps. A run recorded before runs
     * kept a position (or of an event that carried none): the profile as of the event's time, which holds every
     * change up to and including the event's own command (and any other of the same millisecond).
     */
    static String profileAsOf(final WorkflowRun run) {
        final String customer = "/customers/" + URLEncoder.encode(run.getCustomerId(), StandardCharsets.UTF_8).replace("+", "%20");
        return run.getProfilePosition() != null
                ? customer + "?as_of_position=" + URLEncoder.encode(HistoryPositions.format(run.getProfilePosition()), StandardCharsets.UTF_8)
                : customer + "?as_of=" + URLEncoder.encode(run.getEventTimestamp().toString(), StandardCharsets.UTF_8);
    }
}
