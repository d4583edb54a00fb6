package org.opencdp.trigger.run;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

import org.opencdp.avro.WorkflowRun;

/** A started run as the API shows it (snake_case JSON); {@code event} is the event's name. */
public record RunDto(String runId, String workflowId, String workflowName, String customerId, String eventId,
                     String event, String requestId, String eventTimestamp, Map<String, Object> context,
                     String message) {

    /** Newest event first; the run id orders runs of one instant. */
    public static final Comparator<RunDto> NEWEST_FIRST = Comparator
            .comparing((RunDto run) -> Instant.parse(run.eventTimestamp())).reversed()
            .thenComparing(RunDto::runId);

    public static RunDto of(final WorkflowRun run) {
        return new RunDto(run.getRunId(), run.getWorkflowId(), run.getWorkflowName(), run.getCustomerId(),
                run.getEventId(), run.getEventName(), run.getRequestId(), run.getEventTimestamp().toString(),
                RawValues.plain(run.getContext()), run.getMessage());
    }
}
