package org.opencdp.projector.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.opencdp.avro.PendingValue;
import org.opencdp.avro.PropertyDefinitionEntry;
import org.opencdp.projector.topology.ProjectorTopology;
import org.opencdp.platform.query.Lookup;
import org.opencdp.platform.query.InstanceAddress;
import org.opencdp.platform.query.KeyOwners;
import org.opencdp.platform.query.LocalStores;
import org.opencdp.platform.streams.StoreKey;
import org.opencdp.schemas.Topics;

/**
 * Interactive queries on {@link ProjectorTopology#CATALOG_STORE}. Every active task holds the whole
 * catalog, so one locally active partition answers for every workspace; an instance with none asks one
 * that has. A read after a write ({@link #settled}) reads the partition the write went to, once that partition's
 * first writes of new properties are decided.
 */
@ApplicationScoped
public class CatalogStore {

    /** Joins workspace and property name in the store's keys; no workspace id or name contains it. */
    static final char KEY_SEPARATOR = '\u0000';

    private final KafkaStreams streams;
    private final LocalStores stores;
    private final InstanceAddress self;
    private final KeyOwners owners;
    private final ProfileStore profiles;

    CatalogStore(final KafkaStreams streams, final InstanceAddress self, final ProfileStore profiles) {
        this.streams = streams;
        this.stores = new LocalStores(streams);
        this.self = self;
        this.owners = new KeyOwners(streams, self);
        this.profiles = profiles;
    }

    /** The workspace's property definitions, by name. */
    Lookup<List<PropertyDefinitionEntry>> lookup(final String workspaceId) {
        final KafkaStreams.State state = streams.state();
        if (!state.isRunningOrRebalancing()) {
            return new Lookup.Unavailable<>("Kafka Streams is " + state);
        }
        try {
            final List<StreamsMetadata> holders = streams.streamsMetadataForStore(ProjectorTopology.CATALOG_STORE).stream()
                    .filter(holder -> !holder.topicPartitions().isEmpty())
                    .toList();
            final List<Integer> local = holders.stream()
                    .filter(holder -> self.host().equals(holder.hostInfo()))
                    .flatMap(holder -> holder.topicPartitions().stream())
                    .map(TopicPartition::partition)
                    .distinct()
                    .sorted()
                    .toList();
            if (!local.isEmpty()) {
                return local(workspaceId, local);
            }
            if (holders.isEmpty()) {
                return new Lookup.Unavailable<>("no instance has an active catalog partition yet");
            }
            // Any holder has the whole catalog: spread the forwarded queries.
            return new Lookup.HeldBy<>(holders.get(ThreadLocalRandom.current().nextInt(holders.size())).hostInfo());
        } catch (InvalidStateStoreException | IllegalStateException e) {
            // The state changed between the check above and the call (started, stopping, rebalancing).
            return new Lookup.Unavailable<>(e.getMessage());
        }
    }

    /**
     * The workspace's definitions as partition {@code partition} holds them, once they show the write at
     * {@code offset} of customer-commands there: the partition has folded it, and every property that partition
     * was waiting for a decision on when first asked (a first write's value kept pending, docs/catalog.md) is
     * decided there. Only the properties pending at the first look are waited for, so writes of new properties
     * that keep coming cannot hold the read back; the lookup remembers them, so it is made once per query.
     */
    Supplier<Lookup<List<PropertyDefinitionEntry>>> settled(final String workspaceId, final int partition,
                                                           final long offset) {
        final Set<String>[] waitingFor = new Set[1];
        return () -> owners.partition(ProjectorTopology.PROFILE_STORE, Topics.CUSTOMER_COMMANDS.name(), partition, p -> {
            if (!profiles.reflects(p, OptionalLong.of(offset))) {
                return new Lookup.Behind<>(p, offset);
            }
            final Set<String> pending = pendingProperties(workspaceId, p);
            if (waitingFor[0] == null) {
                waitingFor[0] = pending;
            } else {
                waitingFor[0].retainAll(pending);
            }
            if (!waitingFor[0].isEmpty()) {
                // Folded, not decided yet: the query looks again after the consistency poll.
                return new Lookup.Behind<>(p, offset);
            }
            return new Lookup.Found<>(definitions(workspaceId,
                    stores.<String, PropertyDefinitionEntry>active(ProjectorTopology.CATALOG_STORE, p).range(
                            workspaceId + KEY_SEPARATOR, workspaceId + (char) (KEY_SEPARATOR + 1))));
        });
    }

    /** How many partitions customer-commands has, as the instances' assignments show; 0 while they are not known. */
    int commandPartitions() {
        return owners.partitions(ProjectorTopology.PROFILE_STORE, Topics.CUSTOMER_COMMANDS.name());
    }

    /**
     * The properties of the workspace with a value pending in {@code partition}: one short range read per property
     * (the first key, then past every key of that property), however many customers wait on each.
     */
    private Set<String> pendingProperties(final String workspaceId, final int partition) {
        final ReadOnlyKeyValueStore<String, PendingValue> pending =
                stores.active(ProjectorTopology.PENDING_VALUES_STORE, partition);
        final Set<String> properties = new HashSet<>();
        String from = StoreKey.lowerBound(workspaceId);
        final String to = StoreKey.upperBound(workspaceId);
        while (true) {
            try (KeyValueIterator<String, PendingValue> first = pending.range(from, to)) {
                if (!first.hasNext()) {
                    return properties;
                }
                final String property = StoreKey.parts(first.next().key).get(1);
                properties.add(property);
                from = StoreKey.upperBound(workspaceId, property);
            }
        }
    }

    /** Reads one partition; the next one if that one cannot answer right now (restoring, just moved). */
    private Lookup<List<PropertyDefinitionEntry>> local(final String workspaceId, final List<Integer> partitions) {
        final List<String> failures = new ArrayList<>();
        for (final int partition : partitions) {
            try {
                final ReadOnlyKeyValueStore<String, PropertyDefinitionEntry> catalog =
                        stores.active(ProjectorTopology.CATALOG_STORE, partition);
                return new Lookup.Found<>(definitions(workspaceId, catalog.range(
                        workspaceId + KEY_SEPARATOR, workspaceId + (char) (KEY_SEPARATOR + 1))));
            } catch (InvalidStateStoreException e) {
                failures.add("partition " + partition + ": " + e.getMessage());
            }
        }
        return new Lookup.Unavailable<>(String.join("; ", failures));
    }

    private static List<PropertyDefinitionEntry> definitions(final String workspaceId,
                                                             final KeyValueIterator<String, PropertyDefinitionEntry> range) {
        final List<PropertyDefinitionEntry> definitions = new ArrayList<>();
        try (range) {
            range.forEachRemaining(entry -> {
                if (entry.value != null && workspaceId.equals(entry.value.getWorkspaceId())) {
                    definitions.add(entry.value);
                }
            });
        }
        definitions.sort(Comparator.comparing(PropertyDefinitionEntry::getName));
        return definitions;
    }
}
