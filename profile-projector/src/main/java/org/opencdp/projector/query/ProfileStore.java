package org.opencdp.projector.query;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.Profile;
import org.opencdp.projector.topology.ProjectorTopology;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.SchemaRegistry;

/**
 * Interactive queries on {@link ProjectorTopology#PROFILE_STORE}: finds the instance that owns a key's
 * partition, and when it is this one, reads the key with an IQv2 key query pinned to that partition,
 * bounded by the consistency token's offset for that partition when the caller sent one.
 */
@ApplicationScoped
public class ProfileStore {

    private final KafkaStreams streams;
    private final Serializer<CustomerKey> keySerializer;
    private final InstanceAddress self;

    ProfileStore(final KafkaStreams streams, final SchemaRegistry registry, final InstanceAddress self) {
        this.streams = streams;
        // The same serializer as the producers of customer-commands, so the key maps to the same partition.
        this.keySerializer = Topics.CUSTOMER_COMMANDS.keySerde(registry).serializer();
        this.self = self;
    }

    /** The customer's profile (empty when there is none) once the store has folded {@code after}'s offset for its partition. */
    Lookup<Optional<Profile>> lookup(final CustomerKey key, final ConsistencyToken after) {
        final KafkaStreams.State state = streams.state();
        if (!state.isRunningOrRebalancing()) {
            return new Lookup.Unavailable<>("Kafka Streams is " + state);
        }
        try {
            final KeyQueryMetadata owner = streams.queryMetadataForKey(ProjectorTopology.PROFILE_STORE, key, keySerializer);
            if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
                return new Lookup.Unavailable<>("no instance owns the key's partition yet");
            }
            if (!self.host().equals(owner.activeHost())) {
                return new Lookup.HeldBy<>(owner.activeHost());
            }
            return local(key, owner.partition(), after.offsetFor(owner.partition()));
        } catch (InvalidStateStoreException | IllegalStateException e) {
            // The state changed between the check above and the call (started, stopping, rebalancing).
            return new Lookup.Unavailable<>(e.getMessage());
        }
    }

    private Lookup<Optional<Profile>> local(final CustomerKey key, final int partition, final OptionalLong after) {
        final StateQueryRequest<Profile> pinned = StateQueryRequest.inStore(ProjectorTopology.PROFILE_STORE)
                .withQuery(KeyQuery.<CustomerKey, Profile>withKey(key))
                .withPartitions(Set.of(partition));
        // Kafka Streams ignores the position bound of a query that requires an active task, so a bounded query
        // does not: the bound itself then guarantees the store (active here, as the metadata said) is recent enough.
        final StateQueryRequest<Profile> request = after.isEmpty()
                ? pinned.requireActive()
                : pinned.withPositionBound(PositionBound.at(
                        Position.emptyPosition().withComponent(Topics.CUSTOMER_COMMANDS.name(), partition, after.getAsLong())));
        final QueryResult<Profile> result = streams.query(request).getPartitionResults().get(partition);
        if (result == null) {
            return new Lookup.Unavailable<>("partition " + partition + " gave no result");
        }
        if (result.isFailure() && result.getFailureReason() == FailureReason.NOT_UP_TO_BOUND) {
            // The store's position moves only when a command writes it; an event or a dead-lettered command
            // does not. Offsets committed past the token prove the command was folded all the same.
            return committedPast(partition, after.getAsLong())
                    ? local(key, partition, OptionalLong.empty())
                    : new Lookup.Behind<>(partition, after.getAsLong());
        }
        if (result.isFailure()) {
            return new Lookup.Unavailable<>(result.getFailureReason() + ": " + result.getFailureMessage());
        }
        return new Lookup.Found<>(Optional.ofNullable(result.getResult()));
    }

    /**
     * Whether this instance's active task for {@code partition} has committed past {@code offset}. Under
     * exactly-once a committed offset means every record before it was folded into the store.
     */
    private boolean committedPast(final int partition, final long offset) {
        final TopicPartition commands = new TopicPartition(Topics.CUSTOMER_COMMANDS.name(), partition);
        return streams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .map(task -> task.committedOffsets().get(commands))
                .anyMatch(committed -> committed != null && committed > offset);
    }
}
