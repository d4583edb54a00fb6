package org.opencdp.trigger.topology;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.opencdp.avro.WorkflowDefinition;
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

    /** Every definition of the workspace in {@code store}, in key order (one range read). */
    public static List<WorkflowDefinition> of(final ReadOnlyKeyValueStore<String, WorkflowDefinition> store,
                                              final String workspaceId) {
        final List<WorkflowDefinition> found = new ArrayList<>();
        try (KeyValueIterator<String, WorkflowDefinition> it = store.range(workspaceFrom(workspaceId), workspaceTo(workspaceId))) {
            it.forEachRemaining(entry -> {
                if (entry.value.getWorkspaceId().equals(workspaceId)) {
                    found.add(entry.value);
                }
            });
        }
        return found;
    }
}
