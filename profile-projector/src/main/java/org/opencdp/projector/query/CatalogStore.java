package org.opencdp.projector.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.opencdp.avro.PropertyDefinitionEntry;
import org.opencdp.projector.topology.ProjectorTopology;
import org.opencdp.platform.query.Lookup;
import org.opencdp.platform.query.InstanceAddress;
import org.opencdp.platform.query.LocalStores;

/**
 * Interactive queries on {@link ProjectorTopology#CATALOG_STORE}. Every active task holds the whole
 * catalog, so one locally active partition answers for every workspace; an instance with none asks one
 * that has.
 */
@ApplicationScoped
public class CatalogStore {

    /** Joins workspace and property name in the store's keys; no workspace id or name contains it. */
    static final char KEY_SEPARATOR = '\u0000';

    private final KafkaStreams streams;
    private final LocalStores stores;
    private final InstanceAddress self;

    CatalogStore(final KafkaStreams streams, final InstanceAddress self) {
        this.streams = streams;
        this.stores = new LocalStores(streams);
        this.self = self;
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
