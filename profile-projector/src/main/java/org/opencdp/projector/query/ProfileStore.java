package org.opencdp.projector.query;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.IntFunction;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.HistoryStep;
import org.opencdp.avro.HistoryHead;
import org.opencdp.avro.Profile;
import org.opencdp.projector.topology.ProjectorTopology;
import org.opencdp.schemas.ConsistencyToken;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.SchemaRegistry;
import org.opencdp.platform.query.KeyOwners;
import org.opencdp.platform.query.Lookup;
import org.opencdp.platform.query.InstanceAddress;
import org.opencdp.platform.query.LocalStores;

/**
 * Interactive queries on {@link ProjectorTopology#PROFILE_STORE}: finds the instance that owns a key's
 * partition, and when it is this one, reads the key from that partition's active store once the store has
 * reached the consistency token's offset for that partition, when the caller sent one ({@link LocalStores}).
 */
@ApplicationScoped
public class ProfileStore {

    private final KeyOwners owners;
    private final LocalStores stores;
    private final Serializer<CustomerKey> keySerializer;

    ProfileStore(final KafkaStreams streams, final SchemaRegistry registry, final InstanceAddress self) {
        this.owners = new KeyOwners(streams, self);
        this.stores = new LocalStores(streams);
        // The same serializer as the producers of customer-commands, so the key maps to the same partition.
        this.keySerializer = Topics.CUSTOMER_COMMANDS.keySerde(registry).serializer();
    }

    /** The customer's profile (empty when there is none) once the store has folded {@code after}'s offset for its partition. */
    Lookup<Optional<Profile>> lookup(final CustomerKey key, final ConsistencyToken after) {
        return lookup(key, after, partition -> Optional.ofNullable(
                stores.<CustomerKey, Profile>active(ProjectorTopology.PROFILE_STORE, partition).get(key)));
    }

    /**
     * What {@code read} finds in the stores of the customer's partition (its profile, its history: the stores of
     * one task), once they have folded {@code after}'s offset for it.
     */
    <T> Lookup<T> lookup(final CustomerKey key, final ConsistencyToken after, final IntFunction<T> read) {
        return owners.lookup(ProjectorTopology.PROFILE_STORE, key, keySerializer,
                partition -> local(partition, after.offsetFor(partition), read));
    }

    /**
     * Whether this instance's active stores of {@code partition} reflect the command at offset {@code after} of
     * customer-commands (always, without one).
     */
    boolean reflects(final int partition, final OptionalLong after) {
        if (after.isEmpty()) {
            return true;
        }
        final OptionalLong position = stores.position(ProjectorTopology.PROFILE_STORE, partition,
                Topics.CUSTOMER_COMMANDS.name());
        // The store's position moves only when a command writes it; an event or a dead-lettered command does not.
        // Offsets committed past the token prove the command was folded all the same.
        return position.isPresent() && position.getAsLong() >= after.getAsLong()
                || stores.committedPast(Topics.CUSTOMER_COMMANDS.name(), partition, after.getAsLong());
    }

    /** The active history store of a partition this instance owns. */
    ReadOnlyKeyValueStore<Bytes, HistoryStep> history(final int partition) {
        return stores.active(ProjectorTopology.HISTORY_STORE, partition);
    }

    /** The active history heads of a partition this instance owns. */
    ReadOnlyKeyValueStore<String, HistoryHead> historyHeads(final int partition) {
        return stores.active(ProjectorTopology.HISTORY_HEADS_STORE, partition);
    }

    /** The active store {@code name} of a partition this instance owns (one of the fold's stores). */
    <K, V> ReadOnlyKeyValueStore<K, V> store(final String name, final int partition) {
        return stores.active(name, partition);
    }

    /** The customer's profile in a partition this instance owns. */
    Optional<Profile> profile(final CustomerKey key, final int partition) {
        return Optional.ofNullable(stores.<CustomerKey, Profile>active(ProjectorTopology.PROFILE_STORE, partition).get(key));
    }

    private <T> Lookup<T> local(final int partition, final OptionalLong after, final IntFunction<T> read) {
        if (!reflects(partition, after)) {
            return new Lookup.Behind<>(partition, after.getAsLong());
        }
        // Read after the position: the value reflects at least the write the token names.
        return new Lookup.Found<>(read.apply(partition));
    }
}
