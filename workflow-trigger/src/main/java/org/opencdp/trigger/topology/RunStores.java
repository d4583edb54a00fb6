package org.opencdp.trigger.topology;

import org.opencdp.platform.streams.StoreKey;

/** The trigger's per-partition run stores, declared once. */
public final class RunStores {

    /** Run ids already started, kept for the configured retention (window store keyed by run id). */
    public static final String STARTED_RUNS = "started-runs";

    /** Every started run, keyed {@code workspace/workflow/customer/run_id}, for queries. */
    public static final String RUNS_BY_WORKFLOW = "runs-by-workflow";

    /** Every started run, keyed {@code workspace/run_id}, for {@code GET /runs/{run_id}}. */
    public static final String RUNS_BY_ID = "runs-by-id";

    private RunStores() {
    }

    public static String runKey(final String workspaceId, final String workflowId, final String customerId,
                                final String runId) {
        return StoreKey.of(workspaceId, workflowId, customerId, runId);
    }

    public static String runIdKey(final String workspaceId, final String runId) {
        return StoreKey.of(workspaceId, runId);
    }
}
