package org.opencdp.trigger.topology;

import org.opencdp.platform.streams.StoreKey;

/**
 * The global store of workflow definitions: every instance holds every definition, keyed
 * {@code workspace/workflow_id} so that one range query yields a workspace's definitions.
 */
public final class DefinitionStore {

    public static final String NAME = "workflow-definitions";

    private DefinitionStore() {
    }

    public static String key(final String workspaceId, final String workflowId) {
        return StoreKey.of(workspaceId, workflowId);
    }

    public static String workspaceFrom(final String workspaceId) {
        return StoreKey.lowerBound(workspaceId);
    }

    public static String workspaceTo(final String workspaceId) {
        return StoreKey.upperBound(workspaceId);
    }
}
