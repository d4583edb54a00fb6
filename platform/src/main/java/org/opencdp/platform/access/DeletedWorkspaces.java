package org.opencdp.platform.access;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * The workspaces the operator deleted, as this instance knows them: a stream processor no longer applies their
 * records and erases what its stores hold of them (docs/workspaces.md, "Deleting a workspace"). A workspace once
 * deleted stays deleted (its id is not given out again), so what a processor erased stays erased.
 */
public interface DeletedWorkspaces {

    /** No workspace is deleted: a deployment without the workspaces topic, and tests that do not delete one. */
    DeletedWorkspaces NONE = new DeletedWorkspaces() {
        @Override
        public boolean contains(final String workspaceId) {
            return false;
        }

        @Override
        public Set<String> ids() {
            return Set.of();
        }
    };

    boolean contains(String workspaceId);

    /** Every deleted workspace's id. */
    Set<String> ids();

    /** The ids {@code ids} holds when asked: a set its owner may change (a fixed list; tests). */
    static DeletedWorkspaces in(final Set<String> ids) {
        return new DeletedWorkspaces() {
            @Override
            public boolean contains(final String workspaceId) {
                return ids.contains(workspaceId);
            }

            @Override
            public Set<String> ids() {
                return Set.copyOf(ids);
            }
        };
    }

    /** The deleted workspaces {@code directory} holds (the followed workspaces topic). */
    static DeletedWorkspaces of(final Directory directory) {
        return new DeletedWorkspaces() {
            @Override
            public boolean contains(final String workspaceId) {
                return workspaceId != null && directory.workspace(workspaceId).map(Workspace::deleted).orElse(false);
            }

            @Override
            public Set<String> ids() {
                return directory.workspaces().stream().filter(Workspace::deleted).map(Workspace::id)
                        .collect(Collectors.toUnmodifiableSet());
            }
        };
    }
}
