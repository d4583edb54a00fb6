package org.opencdp.trigger.dryrun;

import java.util.List;

/**
 * What a workflow would have started between {@code from} and {@code to}: how many runs, for how many customers,
 * a sample of them with their rendered messages, and whether every event of the range was read.
 */
public record DryRunReport(String workflowId, String from, String to, long eventsRead, long runs, long customers,
                           List<SampleRun> sample, boolean complete) {

    public DryRunReport {
        sample = List.copyOf(sample);
    }

    /** One run the workflow would have started. */
    public record SampleRun(String runId, String customerId, String eventId, String event, String eventTimestamp,
                            String message) {
    }
}
