package org.opencdp.projector.topology;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.PendingValue;
import org.opencdp.avro.Profile;
import org.opencdp.avro.PropertyDefinitionEntry;
import org.opencdp.avro.PropertyKey;
import org.opencdp.platform.access.DeletedWorkspaces;
import org.opencdp.platform.streams.ContainedProcessor;
import org.opencdp.platform.streams.DeadLetters;
import org.opencdp.projector.attribute.PropertyDefinition;
import org.opencdp.projector.customer.ProfileBound;
import org.opencdp.projector.history.HistoryContext;
import org.opencdp.projector.history.HistorySettings;
import org.opencdp.projector.history.HistorySource;
import org.opencdp.projector.customer.ProfileChanges;

/**
 * Applies a decided catalog change to this partition: keeps the definition in
 * {@link ProjectorTopology#CATALOG_STORE}, settles the values written while it was undecided, and, when an
 * administrator changed a property's type or deleted it, starts bringing every stored value of it in line
 * ({@link CatalogSweeps}: a bounded number of profiles a round, never all in one step). Runs inside a
 * {@link ContainedProcessor} (property-catalog read as bytes, a definition that cannot be applied goes to
 * property-catalog-dlq): it computes every changed profile first and writes its stores last.
 */
final class ApplyCatalogProcessor implements ContainedProcessor.Application<PropertyKey, PropertyDefinitionEntry> {

    private final ProfileChanges changes;
    private final DeletedWorkspaces deleted;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<CustomerKey, Profile> profiles;
    private KeyValueStore<String, PropertyDefinitionEntry> catalog;
    private PendingValues pending;
    private DeadLetters deadLetters;
    private CustomerHistory history;
    private CatalogSweeps sweeps;
    private final HistorySettings historySettings;
    private final ProfileBound bound;
    private final ProjectorConfig config;
    private CustomerSegments segments;
    private final CatalogDefinitions catalogDefinitions;
    /** What the fold decoded of this task's catalog: forgotten as it is written here. */
    private CatalogDefinitions.Task definitions;

    ApplyCatalogProcessor(final ProjectorConfig config, final CatalogDefinitions catalogDefinitions) {
        this.config = config;
        this.catalogDefinitions = catalogDefinitions;
        this.changes = new ProfileChanges(config.zones());
        this.deleted = config.deleted();
        this.historySettings = config.history();
        this.bound = config.bound();
    }

    @Override
    public void init(final ProcessorContext<Object, Object> context, final DeadLetters deadLetters) {
        this.context = context;
        this.deadLetters = deadLetters;
        this.profiles = context.getStateStore(ProjectorTopology.PROFILE_STORE);
        this.catalog = context.getStateStore(ProjectorTopology.CATALOG_STORE);
        this.definitions = catalogDefinitions.of(context.taskId());
        this.definitions.clear();
        this.segments = new CustomerSegments(context, config.segments(), profiles,
                config.commandPartitions(), config.deleted());
        this.pending = new PendingValues(context.getStateStore(ProjectorTopology.PENDING_VALUES_STORE));
        this.history = new CustomerHistory(context.getStateStore(ProjectorTopology.HISTORY_STORE),
                context.getStateStore(ProjectorTopology.HISTORY_HEADS_STORE), historySettings, bound);
        this.sweeps = new CatalogSweeps(context.getStateStore(ProjectorTopology.CATALOG_SWEEPS_STORE), profiles, catalog,
                changes, deleted, CatalogSweeps.BUDGET, CatalogSweeps.ROUND_TIME);
        context.schedule(CatalogSweeps.INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> sweeps.round((key, profile, cause) ->
                write(new Record<>(key, profile, now), key, profile, cause)));
    }

    @Override
    public void apply(final Record<byte[], byte[]> record, final PropertyKey key, final PropertyDefinitionEntry entry) {
        if (key == null) {
            deadLetters.send(record, "invalid: a property-catalog record needs a key");
            return;
        }
        final String workspace = key.getWorkspaceId();
        final String name = key.getName();
        final String storeKey = StoreKeys.property(workspace, name);
        final List<Map.Entry<String, PendingValue>> waiting = pending.of(workspace, name);
        if (deleted.contains(workspace)) {
            // Erased (WorkspaceErasure): a definition of a deleted workspace is dropped, not applied.
            store(storeKey, null);
            waiting.forEach(value -> pending.delete(workspace, name, value.getKey()));
            return;
        }
        final HistoryContext cause = entry == null
                ? new HistoryContext(Instant.ofEpochMilli(record.timestamp()), "", HistorySource.catalog(null))
                : new HistoryContext(entry.getUpdatedAt(), entry.getCreatedByRequestId(),
                        HistorySource.catalog(entry.getCreatedByRoute()));
        final Map<CustomerKey, Profile> changed = new LinkedHashMap<>();
        if (entry == null) {
            // Every stored value goes, a bounded number of profiles a round (CatalogSweeps), not all in this step.
            sweeps.removeBefore(workspace, name, cause.at(), cause);
            store(storeKey, null);
        } else {
            final PropertyDefinitionEntry previous = catalog.get(storeKey);
            final PropertyDefinition definition = PropertyDefinition.of(entry);
            for (final Map.Entry<String, PendingValue> value : waiting) {
                final CustomerKey customer = new CustomerKey(workspace, value.getKey());
                Optional.ofNullable(profiles.get(customer))
                        .filter(profile -> profile.getMergedInto() == null)
                        .flatMap(profile -> RejectionCounter.removedCounted(changes.settle(profile, name, definition, value.getValue()), name,
                                RejectionCounter.DECIDED))
                        .ifPresent(settled -> changed.put(customer, settled));
            }
            if (previous != null && !PropertyDefinition.of(previous).equals(definition)) {
                sweeps.conform(workspace, name, cause);
            }
            store(storeKey, entry);
        }
        waiting.forEach(value -> pending.delete(workspace, name, value.getKey()));
        changed.forEach((customer, profile) -> write(new Record<>(customer, profile, record.timestamp(), record.headers()),
                customer, profile, cause));
    }

    /** Puts (or, {@code entry} null, deletes) a definition; the fold's decoded copy of it is forgotten with it. */
    private void store(final String storeKey, final PropertyDefinitionEntry entry) {
        if (entry == null) {
            catalog.delete(storeKey);
        } else {
            catalog.put(storeKey, entry);
        }
        definitions.forget(storeKey);
    }

    /** Stores {@code profile}, its changes filed in its history as the catalog's, and publishes it. */
    private void write(final Record<?, ?> record, final CustomerKey key, final Profile profile,
                       final HistoryContext cause) {
        final Profile filed = history.record(key, Optional.ofNullable(profiles.get(key)), profile, cause);
        profiles.put(key, filed);
        context.forward(record.withKey(key).withValue(filed), ProjectorTopology.PROFILES_SINK);
        segments.catalogChanged(record, key, filed, "catalog:" + cause.requestId() + ":" + cause.at().toEpochMilli(),
                cause.requestId(), cause.at());
    }
}
