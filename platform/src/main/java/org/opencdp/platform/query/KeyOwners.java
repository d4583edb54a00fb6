package org.opencdp.platform.query;

import java.util.function.IntFunction;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * The first step of every key query: which instance owns the key's partition of a store. This one reads the key
 * itself; another is named; nobody, while Streams is not running, is rebalancing or the state changes under the
 * call ({@link Lookup.Unavailable}, worth asking again).
 */
public record KeyOwners(KafkaStreams streams, InstanceAddress self) {

    /**
     * What {@code key} of {@code store} holds: {@code read} of the key's partition when this instance owns it.
     *
     * @param keySerializer the serializer of the producers that wrote the key, so it maps to the same partition
     */
    public <K, V> Lookup<V> lookup(final String store, final K key, final Serializer<K> keySerializer,
                                   final IntFunction<Lookup<V>> read) {
        final KafkaStreams.State state = streams.state();
        if (!state.isRunningOrRebalancing()) {
            return new Lookup.Unavailable<>("Kafka Streams is " + state);
        }
        try {
            final KeyQueryMetadata owner = streams.queryMetadataForKey(store, key, keySerializer);
            if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
                return new Lookup.Unavailable<>("no instance owns the key's partition of " + store + " yet");
            }
            if (!self.host().equals(owner.activeHost())) {
                return new Lookup.HeldBy<>(owner.activeHost());
            }
            return read.apply(owner.partition());
        } catch (InvalidStateStoreException | IllegalStateException e) {
            // The state changed between the check above and the call (started, stopping, rebalancing).
            return new Lookup.Unavailable<>(e.getMessage());
        }
    }

    /**
     * What partition {@code partition} of {@code store} holds (the task reading that partition of {@code topic}):
     * {@code read} of it when this instance has it active, else who has it.
     */
    public <V> Lookup<V> partition(final String store, final String topic, final int partition,
                                   final IntFunction<Lookup<V>> read) {
        final KafkaStreams.State state = streams.state();
        if (!state.isRunningOrRebalancing()) {
            return new Lookup.Unavailable<>("Kafka Streams is " + state);
        }
        try {
            for (final StreamsMetadata holder : streams.streamsMetadataForStore(store)) {
                if (holder.topicPartitions().contains(new TopicPartition(topic, partition))) {
                    return self.host().equals(holder.hostInfo()) ? read.apply(partition)
                            : new Lookup.HeldBy<>(holder.hostInfo());
                }
            }
            return new Lookup.Unavailable<>("no instance has partition " + partition + " of " + store + " yet");
        } catch (InvalidStateStoreException | IllegalStateException e) {
            return new Lookup.Unavailable<>(e.getMessage());
        }
    }

    /**
     * How many partitions {@code topic} feeds {@code store} with, as the instances' assignments show; 0 unless Kafka
     * Streams is running (while it rebalances, a partition may be assigned to nobody).
     */
    public int partitions(final String store, final String topic) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return 0;
        }
        return streams.streamsMetadataForStore(store).stream()
                .flatMap(holder -> holder.topicPartitions().stream())
                .filter(partition -> partition.topic().equals(topic))
                .mapToInt(partition -> partition.partition() + 1)
                .max().orElse(0);
    }
}
