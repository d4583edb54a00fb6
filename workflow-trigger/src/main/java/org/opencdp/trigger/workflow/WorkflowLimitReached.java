package org.opencdp.trigger.workflow;

/**
 * A workflow the workspace cannot have: it holds the most workflows a workspace may. Deleting one makes room, so
 * the API answers 409 (the request is sound; the workspace's state refuses it).
 */
public class WorkflowLimitReached extends RuntimeException {

    public WorkflowLimitReached(final int limit) {
        super("the workspace has " + limit + " workflows, the most it may have; delete one to create another");
    }

    /** Refuses a new workflow when the workspace already has {@code existing} and may have {@code limit}. */
    public static void check(final int existing, final int limit) {
        if (existing >= limit) {
            throw new WorkflowLimitReached(limit);
        }
    }
}
