package org.opencdp.projector.segment;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Each workspace's segments as the fold evaluates them; a workspace without any has {@link #NONE}'s empty set. */
@FunctionalInterface
public interface SegmentSets {

    /** No workspace has segments. */
    SegmentSets NONE = workspaceId -> SegmentSet.EMPTY;

    SegmentSet of(String workspaceId);

    /**
     * Every workspace that has segments, each segment's id and version: what a backfill evaluates every profile
     * against (a segment created or changed is one whose version the last backfill did not see). Empty by default:
     * nothing to backfill.
     */
    default Map<String, Map<String, Long>> versions() {
        return Map.of();
    }

    /**
     * Whether every definition has been read: until then {@link #of} and {@link #versions} are empty only because
     * they are not read yet, and no membership may be dropped for it. True by default.
     */
    default boolean loaded() {
        return true;
    }

    /**
     * Whether the fold counts every event name, for {@link SegmentLimits#MAX_WINDOW}, whether or not a segment counts
     * it: then a segment defined later over any event name is backfilled over the events of its window that came
     * before it. When false, only the names some segment counts are, and a new name counts from its segment's
     * definition on (cheaper where events are many and event segments few). True by default.
     */
    default boolean countEveryEvent() {
        return true;
    }

    /** The same set for every workspace, version 1 of each, and {@code workspaces} listed for backfills: tests. */
    static SegmentSets fixed(final List<SegmentDefinition> definitions, final String... workspaces) {
        final SegmentSet set = SegmentSet.of(definitions);
        final Map<String, Long> versions = new TreeMap<>();
        definitions.forEach(definition -> versions.put(definition.id(), 1L));
        final Map<String, Map<String, Long>> all = new TreeMap<>();
        for (final String workspace : workspaces) {
            all.put(workspace, Map.copyOf(versions));
        }
        return new SegmentSets() {
            @Override
            public SegmentSet of(final String workspaceId) {
                return set;
            }

            @Override
            public Map<String, Map<String, Long>> versions() {
                return all;
            }
        };
    }
}
