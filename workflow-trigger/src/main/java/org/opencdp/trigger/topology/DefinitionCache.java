package org.opencdp.trigger.topology;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.opencdp.avro.WorkflowDefinition;

/**
 * A workspace's workflow definitions as decoded objects, grouped by the event that triggers them, so that an
 * event costs one look-up instead of decoding every definition of its workspace from {@link DefinitionStore}.
 * Measured under FuzzIT's load (about 60 workflows in one workspace): that decoding was 70 % of the stream
 * thread's time, and the trigger fell minutes behind for every workspace.
 *
 * <p>One per topology, shared by the global thread that keeps the store ({@link DefinitionIndexer}, which calls
 * {@link #changed()} after each write) and the stream threads that read it. A change of any definition makes
 * every cached workspace stale: definitions change at the pace of administrators, events at the pace of
 * customers. A workspace loaded while a change lands is stamped with the version read before loading, so it
 * is loaded again on its next use. At most {@code maxWorkspaces} workspaces are kept, the least recently used
 * dropped first; the definitions are shared read-only.
 */
public final class DefinitionCache {

    /** Enough for the workspaces one instance serves at once; each holds its decoded definitions. */
    public static final int DEFAULT_MAX_WORKSPACES = 256;

    private record Loaded(long version, Map<String, List<WorkflowDefinition>> byEvent) {
    }

    private final AtomicLong version = new AtomicLong();
    private final Map<String, Loaded> byWorkspace;

    public DefinitionCache() {
        this(DEFAULT_MAX_WORKSPACES);
    }

    public DefinitionCache(final int maxWorkspaces) {
        if (maxWorkspaces < 1) {
            throw new IllegalArgumentException("maxWorkspaces must be at least 1: " + maxWorkspaces);
        }
        this.byWorkspace = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, Loaded> eldest) {
                return size() > maxWorkspaces;
            }
        };
    }

    /** A definition was written or deleted: what is cached may be stale. Called after the store's write. */
    public void changed() {
        version.incrementAndGet();
    }

    /**
     * The workspace's definitions triggered by {@code event}, ordered by workflow id; {@code load} reads all the
     * workspace's definitions from the store when none are cached or they may be stale.
     */
    public List<WorkflowDefinition> triggeredBy(final String workspaceId, final String event,
                                                final Function<String, List<WorkflowDefinition>> load) {
        final long current = version.get();
        Loaded loaded;
        synchronized (byWorkspace) {
            loaded = byWorkspace.get(workspaceId);
        }
        if (loaded == null || loaded.version() != current) {
            // Loaded outside the lock: a store read may take a while, and other workspaces need not wait for it.
            loaded = new Loaded(current, load.apply(workspaceId).stream()
                    .sorted(Comparator.comparing(WorkflowDefinition::getWorkflowId))
                    .collect(Collectors.groupingBy(d -> d.getTrigger().getEvent(), Collectors.toUnmodifiableList())));
            synchronized (byWorkspace) {
                byWorkspace.put(workspaceId, loaded);
            }
        }
        return loaded.byEvent().getOrDefault(event, List.of());
    }

    /** How many workspaces are cached (for tests). */
    int size() {
        synchronized (byWorkspace) {
            return byWorkspace.size();
        }
    }
}
