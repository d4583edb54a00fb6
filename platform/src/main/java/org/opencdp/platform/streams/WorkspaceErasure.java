package org.opencdp.platform.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;
import org.opencdp.platform.access.DeletedWorkspaces;

/**
 * Erases the workspaces the operator deleted from one task's stores, a bounded amount each second (wall-clock
 * punctuation), while the task goes on with other workspaces' records (docs/workspaces.md, "Deleting a workspace"):
 * the projector's and the trigger's. Their processors no longer apply a deleted workspace's records, so once a store
 * was cleared of it, it stays clear.
 * <ul>
 *   <li>A store keyed by {@link StoreKey} with the workspace first is cleared by a prefix scan per workspace; which
 *       workspaces a store was cleared of is remembered until the task restarts, then checked again (a seek).</li>
 *   <li>A store keyed by Avro keys ({@code profile-store}) cannot be scanned by workspace: it is swept, a bounded
 *       number of entries a round from a cursor, deleting the entries of every deleted workspace; a pass covers the
 *       workspaces deleted when it began, and a new pass starts only for a workspace no pass covered.</li>
 * </ul>
 * Erasing an entry may do more ({@code alsoOnErase}, given the workspace and the entry): send a tombstone to the
 * topic the entry was published to, erase what the entry points to.
 */
public final class WorkspaceErasure {

    private static final Logger LOG = Logger.getLogger(WorkspaceErasure.class);
    private static final StringSerializer KEYS = new StringSerializer();

    /** How often a task looks for deleted workspaces still in its stores. */
    public static final Duration INTERVAL = Duration.ofSeconds(1);
    /** Entries a round deletes from prefixed stores, and reads of a swept store: a round stays short beside the fold. */
    public static final int BUDGET = 10_000;

    /** What erasing an entry of a prefixed store does besides deleting it. */
    public interface Eraser<K, V> {
        void erased(String workspace, K key, V value);
    }

    /**
     * A store whose keys begin with their workspace ({@link StoreKey#prefix}, in UTF-8): String keys, or bytes
     * that begin so ({@code customer-history}).
     */
    public record Prefixed<K, V>(KeyValueStore<K, V> store, Eraser<K, V> alsoOnErase) {
        public Prefixed(final KeyValueStore<K, V> store) {
            this(store, (workspace, key, value) -> { });
        }
    }

    /** A store of other keys, and how to read a key's workspace. */
    public record Swept<K>(KeyValueStore<K, ?> store, Function<K, String> workspaceOf, Consumer<K> alsoOnErase) {
    }

    private final DeletedWorkspaces deleted;
    private final List<Prefixed<?, ?>> prefixed;
    private final Sweep<?> sweep;
    private final int budget;
    private final Set<String> cleared = new HashSet<>();

    WorkspaceErasure(final DeletedWorkspaces deleted, final List<Prefixed<?, ?>> prefixed, final Swept<?> swept,
                     final int budget) {
        this.deleted = deleted;
        this.budget = budget;
        this.prefixed = List.copyOf(prefixed);
        this.sweep = swept == null ? null : new Sweep<>(swept);
    }

    /** Erases deleted workspaces from {@code prefixed} (and {@code swept}, if not null) every {@link #INTERVAL}. */
    public static void schedule(final ProcessorContext<?, ?> context, final DeletedWorkspaces deleted,
                                final List<Prefixed<?, ?>> prefixed, final Swept<?> swept) {
        final WorkspaceErasure erasure = new WorkspaceErasure(deleted, prefixed, swept, BUDGET);
        context.schedule(INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> erasure.round());
    }

    /** One round: at most {@code budget} entries deleted from the prefixed stores, and read from the swept one. */
    void round() {
        final Set<String> ids = deleted.ids();
        if (ids.isEmpty()) {
            return;
        }
        int left = budget;
        for (final String workspace : ids) {
            if (cleared.contains(workspace)) {
                continue;
            }
            for (final Prefixed<?, ?> store : prefixed) {
                left -= erase(store, workspace, left);
                if (left <= 0) {
                    break;
                }
            }
            if (left <= 0) {
                break;
            }
            // Every store gave fewer entries than it was asked for: none is left.
            cleared.add(workspace);
        }
        if (sweep != null) {
            sweep.round(ids);
        }
    }

    private static <K, V> int erase(final Prefixed<K, V> prefixed, final String workspace, final int max) {
        final List<KeyValue<K, V>> entries = new ArrayList<>();
        try (KeyValueIterator<K, V> scan = prefixed.store().prefixScan(StoreKey.prefix(workspace), KEYS)) {
            while (scan.hasNext() && entries.size() < max) {
                entries.add(scan.next());
            }
        }
        entries.forEach(entry -> {
            prefixed.store().delete(entry.key);
            prefixed.alsoOnErase().erased(workspace, entry.key, entry.value);
        });
        if (!entries.isEmpty()) {
            LOG.debugf("Erased %d entries of deleted workspace %s from %s", entries.size(), workspace,
                    prefixed.store().name());
        }
        return entries.size();
    }

    /** The sweep of one store keyed otherwise, with its cursor. */
    private final class Sweep<K> {

        private final Swept<K> swept;
        private final Set<String> covered = new HashSet<>();
        private Set<String> passCovers = Set.of();
        private boolean passing;
        private K cursor;

        Sweep(final Swept<K> swept) {
            this.swept = swept;
        }

        void round(final Set<String> ids) {
            if (!passing) {
                final Set<String> uncovered = new HashSet<>(ids);
                uncovered.removeAll(covered);
                if (uncovered.isEmpty()) {
                    return;
                }
                passCovers = uncovered;
                passing = true;
                cursor = null;
            }
            final List<K> doomed = new ArrayList<>();
            final boolean end;
            final K from = cursor;
            try (KeyValueIterator<K, ?> entries = from == null ? swept.store().all() : swept.store().range(from, null)) {
                int read = 0;
                while (entries.hasNext() && read < budget) {
                    final K key = entries.next().key;
                    if (key.equals(from)) {
                        continue; // the range starts at the last key the previous round read, kept then
                    }
                    read++;
                    cursor = key;
                    if (deleted.contains(swept.workspaceOf().apply(key))) {
                        doomed.add(key);
                    }
                }
                end = !entries.hasNext();
            }
            doomed.forEach(key -> {
                swept.store().delete(key);
                swept.alsoOnErase().accept(key);
            });
            if (!doomed.isEmpty()) {
                LOG.debugf("Erased %d entries of deleted workspaces from %s", doomed.size(), swept.store().name());
            }
            if (end) {
                covered.addAll(passCovers);
                passing = false;
                cursor = null;
            }
        }
    }
}
