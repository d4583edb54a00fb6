package org.opencdp.projector.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.CatalogSweep;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.Profile;
import org.opencdp.avro.PropertyDefinitionEntry;
import org.opencdp.platform.access.DeletedWorkspaces;
import org.opencdp.platform.streams.StoreKey;
import org.opencdp.projector.attribute.PropertyDefinition;
import org.opencdp.projector.customer.ProfileChanges;
import org.opencdp.projector.history.HistoryContext;
import org.opencdp.projector.history.HistorySource;

/**
 * Brings this partition's stored profiles in line with administrators' catalog changes, a bounded number of
 * profiles a round ({@link #round}, a wall-clock punctuation), so that a type change or a deletion in a workspace
 * of millions of profiles never holds the fold up nor makes one transaction of every profile (docs/catalog.md,
 * "Administrators"). Each pending change is a {@link CatalogSweep} in {@link ProjectorTopology#CATALOG_SWEEPS_STORE}
 * (changelogged: a restarted task goes on with it); its pass over the profiles restarts from the first profile when
 * the task restarts or a newer change of the same property joins it, which is harmless because what it does to a
 * profile is idempotent:
 * <ul>
 *   <li>a deletion removes the values stamped before it (a value written after the deletion stays, even before
 *       the pass reaches its profile);</li>
 *   <li>a type change converts the values to the type the catalog holds <em>now</em> (a later change wins), or
 *       removes and records those that cannot be converted; a value already of that type is left alone.</li>
 * </ul>
 */
final class CatalogSweeps {

    private static final Logger LOG = Logger.getLogger(CatalogSweeps.class);

    /** How often a task goes on with its sweeps. */
    static final Duration INTERVAL = Duration.ofMillis(100);
    /** Profiles a round reads at most. */
    static final int BUDGET = 5_000;
    /**
     * How long a round may take, its writes included: every task of a stream thread runs its round in turn between
     * two batches of records, and a write is visible only once the thread commits after them, so a round stays
     * short whatever the profiles cost (measured: rounds of 5,000 profiles in each of six tasks, each profile
     * changed, held the fold back for over a minute).
     */
    static final Duration ROUND_TIME = Duration.ofMillis(20);
    /**
     * The share of a stream thread's time its tasks' rounds may take together, in each second: the rest is the
     * fold's. Per thread, since one thread runs the rounds of all its tasks (measured: six tasks' rounds of 20 ms
     * every 100 ms left the thread no time to fold, and a write waited over a minute).
     */
    static final double THREAD_SHARE = 0.3;
    private static final long WINDOW_NANOS = Duration.ofSeconds(1).toNanos();
    /** Per stream thread: when its current one-second window began, and how long its rounds took in it. */
    private static final ThreadLocal<long[]> SPENT = ThreadLocal.withInitial(() -> new long[] {System.nanoTime(), 0});

    /** Writes a profile a sweep changed: its history, its store, its topic. */
    @FunctionalInterface
    interface Writer {
        void write(CustomerKey key, Profile changed, HistoryContext cause);
    }

    private final KeyValueStore<String, CatalogSweep> sweeps;
    private final KeyValueStore<CustomerKey, Profile> profiles;
    private final KeyValueStore<String, PropertyDefinitionEntry> catalog;
    private final ProfileChanges changes;
    private final DeletedWorkspaces deleted;
    private final int budget;
    private final Duration roundTime;
    /** Where each sweep's pass goes on (the next profile key to read); absent: from the first. */
    private final Map<String, CustomerKey> cursors = new HashMap<>();
    /**
     * Whether the last round found no sweep and none started since: the store is this object's alone to write, so
     * an idle task's rounds (ten a second) open no RocksDB iterator. False after a start: the first round reads.
     */
    private boolean idle;

    CatalogSweeps(final KeyValueStore<String, CatalogSweep> sweeps, final KeyValueStore<CustomerKey, Profile> profiles,
                  final KeyValueStore<String, PropertyDefinitionEntry> catalog, final ProfileChanges changes,
                  final DeletedWorkspaces deleted, final int budget, final Duration roundTime) {
        this.sweeps = sweeps;
        this.profiles = profiles;
        this.catalog = catalog;
        this.changes = changes;
        this.deleted = deleted;
        this.budget = budget;
        this.roundTime = roundTime;
    }

    /** The property was deleted at {@code at}: its values stamped before then are to be removed. */
    void removeBefore(final String workspace, final String name, final Instant at, final HistoryContext cause) {
        final CatalogSweep current = sweeps.get(StoreKeys.property(workspace, name));
        final Instant removeBefore = current == null || current.getRemoveBefore() == null
                || current.getRemoveBefore().isBefore(at) ? at : current.getRemoveBefore();
        start(workspace, name, removeBefore, current != null && current.getConform(), cause);
    }

    /** The property's type was changed: its values are to be converted. */
    void conform(final String workspace, final String name, final HistoryContext cause) {
        final CatalogSweep current = sweeps.get(StoreKeys.property(workspace, name));
        start(workspace, name, current == null ? null : current.getRemoveBefore(), true, cause);
    }

    private void start(final String workspace, final String name, final Instant removeBefore, final boolean conform,
                       final HistoryContext cause) {
        final String key = StoreKeys.property(workspace, name);
        sweeps.put(key, new CatalogSweep(removeBefore, conform, cause.at(), cause.requestId(),
                cause.source().detail()));
        idle = false;
        // A pass under way may have passed profiles the newer change concerns: it starts again.
        cursors.remove(key);
    }

    /**
     * One round: at most {@code budget} profiles read, for at most {@code roundTime} ({@link #ROUND_TIME}), across the
     * sweeps in their key order.
     */
    void round(final Writer writer) {
        if (idle) {
            return;
        }
        final long started = System.nanoTime();
        final long[] spent = SPENT.get();
        if (started - spent[0] >= WINDOW_NANOS) {
            spent[0] = started;
            spent[1] = 0;
        }
        final long allowed = (long) (WINDOW_NANOS * THREAD_SHARE) - spent[1];
        if (allowed <= 0) {
            return;
        }
        final long deadline = started + Math.min(roundTime.toNanos(), allowed);
        int left = budget;
        try {
            final List<KeyValue<String, CatalogSweep>> pending = pending();
            idle = pending.isEmpty();
            for (final KeyValue<String, CatalogSweep> sweep : pending) {
                if (left <= 0 || System.nanoTime() >= deadline) {
                    return;
                }
                left -= go(sweep.key, sweep.value, left, deadline, writer);
            }
        } finally {
            spent[1] += System.nanoTime() - started;
        }
    }

    private List<KeyValue<String, CatalogSweep>> pending() {
        final List<KeyValue<String, CatalogSweep>> all = new ArrayList<>();
        try (KeyValueIterator<String, CatalogSweep> it = sweeps.all()) {
            it.forEachRemaining(all::add);
        }
        return all;
    }

    /** Goes on with one sweep, reading at most {@code max} profiles until {@code deadline}; how many it read. */
    private int go(final String key, final CatalogSweep sweep, final int max, final long deadline, final Writer writer) {
        final List<String> parts = StoreKey.parts(key);
        final String workspace = parts.get(0);
        final String name = parts.get(1);
        if (deleted.contains(workspace)) {
            finish(key);
            return 0;
        }
        final HistoryContext cause = new HistoryContext(sweep.getChangedAt(), sweep.getRequestId(),
                HistorySource.catalog(sweep.getRoute()));
        final CustomerKey from = cursors.get(key);
        int read = 0;
        CustomerKey next = null;
        try (KeyValueIterator<CustomerKey, Profile> scan = from == null ? profiles.all() : profiles.range(from, null)) {
            while (scan.hasNext()) {
                final KeyValue<CustomerKey, Profile> stored = scan.next();
                // At least one profile a round, so that a sweep always advances.
                if (read == max || read > 0 && System.nanoTime() >= deadline) {
                    next = stored.key;
                    break;
                }
                read++;
                if (workspace.equals(stored.key.getWorkspaceId())) {
                    // Written at once, so that the round's time counts the writes, its dearest part (the
                    // iterator reads the store as it was when it was opened).
                    applied(stored.key, stored.value, name, sweep).ifPresent(p -> writer.write(stored.key, p, cause));
                }
            }
        }
        if (next == null) {
            finish(key);
            LOG.debugf("Catalog sweep of %s in workspace %s is done on this partition", name, workspace);
        } else {
            cursors.put(key, next);
        }
        return read;
    }

    private void finish(final String key) {
        sweeps.delete(key);
        cursors.remove(key);
    }

    /** What the sweep does to one profile: the profile changed, or empty when it changes nothing there. */
    private Optional<Profile> applied(final CustomerKey key, final Profile profile, final String name,
                                      final CatalogSweep sweep) {
        final Attribute value = profile.getAttributes().get(name);
        if (value == null) {
            return Optional.empty();
        }
        try {
            if (sweep.getRemoveBefore() != null && value.getUpdatedAt().isBefore(sweep.getRemoveBefore())) {
                return changes.unset(profile, name);
            }
            final PropertyDefinitionEntry now = catalog.get(StoreKeys.property(key.getWorkspaceId(), name));
            if (!sweep.getConform() || now == null) {
                return Optional.empty();
            }
            return RejectionCounter.removedCounted(changes.conform(profile, name, PropertyDefinition.of(now),
                    sweep.getChangedAt()), name, RejectionCounter.TYPE_CHANGE);
        } catch (RuntimeException e) {
            // One profile the change cannot be applied to must not stop the sweep, nor the task: it keeps its value.
            LOG.warnf(e, "Catalog change of %s could not be applied to profile %s of workspace %s; it keeps its value",
                    name, key.getCustomerId(), key.getWorkspaceId());
            return Optional.empty();
        }
    }
}
