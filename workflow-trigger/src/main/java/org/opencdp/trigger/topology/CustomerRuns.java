package org.opencdp.trigger.topology;

import org.opencdp.platform.streams.StoreKey;

/** The index of each customer's runs, so that an erasure finds them without scanning a workspace. */
public final class CustomerRuns {

    /** Every started run, keyed {@code workspace/customer/run_id}, valued by its workflow id. */
    public static final String RUNS_BY_CUSTOMER = "runs-by-customer";

    /** The platform event the projector emits when a customer is erased (profile-projector PlatformEvents). */
    public static final String CUSTOMER_DELETED = "customer.deleted";

    private CustomerRuns() {
    }

    static String key(final String workspaceId, final String customerId, final String runId) {
        return StoreKey.of(workspaceId, customerId, runId);
    }
}
