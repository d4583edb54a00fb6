package org.opencdp.projector.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.PendingValue;
import org.opencdp.avro.Profile;
import org.opencdp.avro.PropertyDefinitionEntry;
import org.opencdp.avro.PropertyKey;
import org.opencdp.projector.attribute.Coercion;
import org.opencdp.projector.attribute.PropertyDefinition;
import org.opencdp.projector.customer.ProfileChanges;

/**
 * Applies a decided catalog change to this partition: keeps the definition in
 * {@link ProjectorTopology#CATALOG_STORE}, settles the values written while it was undecided, and, when an
 * administrator changed a property's type or deleted it, brings every stored value of it in line (a scan
 * of this partition's profiles of the workspace: rare and bounded by the partition's size).
 */
final class ApplyCatalogProcessor implements Processor<PropertyKey, PropertyDefinitionEntry, Object, Object> {

    private static final Logger LOG = Logger.getLogger(ApplyCatalogProcessor.class);

    private final ProfileChanges changes;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<CustomerKey, Profile> profiles;
    private KeyValueStore<String, PropertyDefinitionEntry> catalog;
    private PendingValues pending;

    ApplyCatalogProcessor(final ProjectorConfig config) {
        this.changes = new ProfileChanges(new Coercion(config.timeZone()));
    }

    @Override
    public void init(final ProcessorContext<Object, Object> context) {
        this.context = context;
        this.profiles = context.getStateStore(ProjectorTopology.PROFILE_STORE);
        this.catalog = context.getStateStore(ProjectorTopology.CATALOG_STORE);
        this.pending = new PendingValues(context.getStateStore(ProjectorTopology.PENDING_VALUES_STORE));
    }

    @Override
    public void process(final Record<PropertyKey, PropertyDefinitionEntry> record) {
        final PropertyKey key = record.key();
        if (key == null) {
            LOG.warnf("property-catalog record without a key ignored: %s", record.value());
            return;
        }
        final String workspace = key.getWorkspaceId();
        final String name = key.getName();
        final String storeKey = StoreKeys.property(workspace, name);
        final PropertyDefinitionEntry entry = record.value();
        if (entry == null) {
            catalog.delete(storeKey);
            pending.drain(workspace, name);
            rewriteWorkspace(record, workspace, profile -> changes.unset(profile, name));
            return;
        }
        final PropertyDefinitionEntry previous = catalog.get(storeKey);
        catalog.put(storeKey, entry);
        final PropertyDefinition definition = PropertyDefinition.of(entry);
        for (final Map.Entry<String, PendingValue> value : pending.drain(workspace, name)) {
            final CustomerKey customer = new CustomerKey(workspace, value.getKey());
            Optional.ofNullable(profiles.get(customer))
                    .filter(profile -> profile.getMergedInto() == null)
                    .flatMap(profile -> changes.settle(profile, name, definition, value.getValue()))
                    .ifPresent(settled -> write(record, customer, settled));
        }
        if (previous != null && !PropertyDefinition.of(previous).equals(definition)) {
            rewriteWorkspace(record, workspace, profile -> changes.conform(profile, name, definition, entry.getUpdatedAt()));
        }
    }

    /** Applies {@code change} to every profile of {@code workspace} in this partition, writing those it changes. */
    private void rewriteWorkspace(final Record<PropertyKey, PropertyDefinitionEntry> record, final String workspace,
                                  final Function<Profile, Optional<Profile>> change) {
        final List<KeyValue<CustomerKey, Profile>> changed = new ArrayList<>();
        try (KeyValueIterator<CustomerKey, Profile> all = profiles.all()) {
            all.forEachRemaining(stored -> {
                if (stored.key.getWorkspaceId().equals(workspace)) {
                    change.apply(stored.value).ifPresent(profile -> changed.add(KeyValue.pair(stored.key, profile)));
                }
            });
        }
        changed.forEach(profile -> write(record, profile.key, profile.value));
    }

    private void write(final Record<PropertyKey, PropertyDefinitionEntry> record, final CustomerKey key, final Profile profile) {
        profiles.put(key, profile);
        context.forward(record.withKey(key).withValue(profile), ProjectorTopology.PROFILES_SINK);
    }
}
