package org.opencdp.trigger.run;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Run ids are name-based UUIDs of {@code event_id + "/" + workflow_id}: a re-delivered or replayed event
 * yields the same id, which makes the start of a run idempotent here and for whoever consumes the runs.
 */
public final class RunIds {

    private RunIds() {
    }

    public static String of(final String eventId, final String workflowId) {
        return UUID.nameUUIDFromBytes((eventId + "/" + workflowId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
