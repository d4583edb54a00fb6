package org.opencdp.projector.segment;

import java.util.List;

/** Each workspace's segments as the fold evaluates them; a workspace without any has {@link #NONE}'s empty set. */
@FunctionalInterface
public interface SegmentSets {

    /** No workspace has segments. */
    SegmentSets NONE = workspaceId -> SegmentSet.EMPTY;

    SegmentSet of(String workspaceId);

    /** The same set for every workspace: tests. */
    static SegmentSets fixed(final List<SegmentDefinition> definitions) {
        final SegmentSet set = SegmentSet.of(definitions);
        return workspaceId -> set;
    }
}
