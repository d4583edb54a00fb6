package org.opencdp.platform.query;

import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads of this instance's active store partitions that cannot deadlock with the stream thread.
 * <p>
 * Kafka Streams' IQv2 key and range queries on a RocksDB store (up to 4.3 at least, KAFKA-19629) lock the
 * store's {@link Position} and then the store, while the stream thread's {@code put} locks the store and then
 * its position: a read racing a write can freeze both threads for good (the benchmark's end-to-end phase
 * froze the projector this way, docs/benchmark.md). So values are read through the store itself, which takes
 * only the store's lock, and the position through an IQv2 query of a type no store handles, which takes only
 * the position's lock and still reports the position.
 */
public final class LocalStores {

    /** A query no store knows: answered "unknown query type" with the store's position, without reading it. */
    private static final class PositionProbe implements Query<Void> {
    }

    private final KafkaStreams streams;

    public LocalStores(final KafkaStreams streams) {
        this.streams = streams;
    }

    /** The partitions of {@code store} active on the instance at {@code host} (this one: its {@link InstanceAddress}). */
    public Set<Integer> partitionsOn(final String store, final HostInfo host) {
        return streams.streamsMetadataForStore(store).stream()
                .filter(holder -> host.equals(holder.hostInfo()))
                .flatMap(holder -> holder.topicPartitions().stream())
                .map(TopicPartition::partition)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The partitions of {@code topic} that feed {@code store} on the instance at {@code host}. An instance's metadata
     * lists the partitions of every topic it reads, so without the topic a partition number of another
     * sub-topology's topic would be taken for one of this store's.
     */
    public Set<Integer> partitionsOn(final String store, final String topic, final HostInfo host) {
        return streams.streamsMetadataForStore(store).stream()
                .filter(holder -> host.equals(holder.hostInfo()))
                .flatMap(holder -> holder.topicPartitions().stream())
                .filter(partition -> partition.topic().equals(topic))
                .map(TopicPartition::partition)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The active key-value store of {@code partition} on this instance.
     *
     * @throws InvalidStateStoreException when it is not active here right now
     */
    public <K, V> ReadOnlyKeyValueStore<K, V> active(final String store, final int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<K, V>keyValueStore())
                .withPartition(partition));
    }

    /**
     * The highest offset of {@code topic}'s {@code partition} written into the active {@code store}; empty if none.
     *
     * @throws InvalidStateStoreException when the partition is not active here right now
     */
    public OptionalLong position(final String store, final int partition, final String topic) {
        final QueryResult<Void> result = streams.query(StateQueryRequest.inStore(store)
                        .withQuery(new PositionProbe())
                        .withPartitions(Set.of(partition))
                        .requireActive())
                .getPartitionResults().get(partition);
        if (result == null) {
            throw new InvalidStateStoreException("partition " + partition + " of " + store + " gave no result");
        }
        if (result.isFailure() && result.getFailureReason() != FailureReason.UNKNOWN_QUERY_TYPE) {
            throw new InvalidStateStoreException(result.getFailureReason() + ": " + result.getFailureMessage());
        }
        if (result.getPosition() == null) {
            return OptionalLong.empty();
        }
        final Long offset = result.getPosition().getPartitionPositions(topic).get(partition);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    /**
     * Whether this instance's active task for {@code topic}'s {@code partition} has committed past {@code offset}.
     * Under exactly-once a committed offset means every record before it was processed, its stores written and its
     * output records committed in the same transaction.
     */
    public boolean committedPast(final String topic, final int partition, final long offset) {
        final TopicPartition position = new TopicPartition(topic, partition);
        return streams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .map(task -> task.committedOffsets().get(position))
                .anyMatch(committed -> committed != null && committed > offset);
    }
}
