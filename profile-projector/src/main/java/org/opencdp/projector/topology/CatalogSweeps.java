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
    static final Duration INTERVAL = Duration.ofMillis(250);
    /** Profiles a round reads: a round stays short beside the fold (tens of milliseconds). */
    static final int BUDGET = 5_000;

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
    /** Where each sweep's pass goes on (the next profile key to read); absent: from the first. */
    private final Map<String, CustomerKey> cursors = new HashMap<>();

    CatalogSweeps(final KeyValueStore<String, CatalogSweep> sweeps, final KeyValueStore<CustomerKey, Profile> profiles,
                  final KeyValueStore<String, PropertyDefinitionEntry> catalog, final ProfileChanges changes,
                  final DeletedWorkspaces deleted, final int budget) {
        this.sweeps = sweeps;
        this.profiles = profiles;
        this.catalog = catalog;
        this.changes = changes;
        this.deleted = deleted;
        this.budget = budget;
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
        // A pass under way may have passed profiles the newer change concerns: it starts again.
        cursors.remove(key);
    }

    /** One round: at most {@code budget} profiles read, across the sweeps in their key order. */
    void round(final Writer writer) {
        int left = budget;
        for (final KeyValue<String, CatalogSweep> sweep : pending()) {
            if (left <= 0) {
                return;
            }
            left -= go(sweep.key, sweep.value, left, writer);
        }
    }

    private List<KeyValue<String, CatalogSweep>> pending() {
        final List<KeyValue<String, CatalogSweep>> all = new ArrayList<>();
        try (KeyValueIterator<String, CatalogSweep> it = sweeps.all()) {
            it.forEachRemaining(all::add);
        }
        return all;
    }

    /** Goes on with one sweep, reading at most {@code max} profiles; how many it read. */
    private int go(final String key, final CatalogSweep sweep, final int max, final Writer writer) {
        final String workspace = StoreKey.parts(key).get(0);
        final String name = StoreKey.parts(key).get(1);
        if (deleted.contains(workspace)) {
            finish(key);
            return 0;
        }
        final HistoryContext cause = new HistoryContext(sweep.getChangedAt(), sweep.getRequestId(),
                HistorySource.catalog(sweep.getRoute()));
        final CustomerKey from = cursors.get(key);
        int read = 0;
        final List<KeyValue<CustomerKey, Profile>> changed = new ArrayList<>();
        CustomerKey next = null;
        try (KeyValueIterator<CustomerKey, Profile> scan = from == null ? profiles.all() : profiles.range(from, null)) {
            while (scan.hasNext()) {
                final KeyValue<CustomerKey, Profile> stored = scan.next();
                if (read == max) {
                    next = stored.key;
                    break;
                }
                read++;
                if (workspace.equals(stored.key.getWorkspaceId())) {
                    applied(stored.key, stored.value, name, sweep).ifPresent(p -> changed.add(KeyValue.pair(stored.key, p)));
                }
            }
        }
        changed.forEach(entry -> writer.write(entry.key, entry.value, cause));
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
            final Optional<Profile> conformed = changes.conform(profile, name, PropertyDefinition.of(now), sweep.getChangedAt());
            conformed.filter(p -> !p.getAttributes().containsKey(name))
                    .ifPresent(rejected -> RejectionCounter.count(RejectionCounter.TYPE_CHANGE, 1));
            return conformed;
        } catch (RuntimeException e) {
            // One profile the change cannot be applied to must not stop the sweep, nor the task: it keeps its value.
            LOG.warnf(e, "Catalog change of %s could not be applied to profile %s of workspace %s; it keeps its value",
                    name, key.getCustomerId(), key.getWorkspaceId());
            return Optional.empty();
        }
    }
}
