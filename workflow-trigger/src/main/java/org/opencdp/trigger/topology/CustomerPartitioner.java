package org.opencdp.trigger.topology;

import java.util.Optional;
import java.util.Set;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.RunKey;
import org.opencdp.avro.WebhookDelivery;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.serde.AvroSerde;
import org.opencdp.schemas.serde.SchemaRegistry;

/**
 * The partition of a customer on a customer-keyed topic, as Kafka's default partitioner picks it for a record
 * keyed by the customer there (murmur2 of the serialized key). Used to put each webhook delivery (and each
 * tombstone: the key names the customer) on the partition of its run on {@code workflow-runs}, and an
 * administrator's retry on the partition of the customer's enriched events, which the task owning the delivery
 * reads.
 */
public final class CustomerPartitioner implements StreamPartitioner<RunKey, WebhookDelivery> {

    private final String topic;
    private final AvroSerde<CustomerKey> keys;

    /** Partitions like {@code topic}'s records of the same customer. */
    public CustomerPartitioner(final Topic<CustomerKey, ?> topic, final SchemaRegistry registry) {
        this.topic = topic.name();
        this.keys = topic.keySerde(registry);
    }

    /** The partition of {@code customer} on this partitioner's topic, out of {@code partitions}. */
    public int partitionOf(final CustomerKey customer, final int partitions) {
        final byte[] bytes = keys.serialize(topic, customer);
        return Utils.toPositive(Utils.murmur2(bytes)) % partitions;
    }

    @Override
    public Optional<Set<Integer>> partitions(final String sink, final RunKey key, final WebhookDelivery value,
                                             final int partitions) {
        return Optional.of(Set.of(partitionOf(new CustomerKey(key.getWorkspaceId(), key.getCustomerId()), partitions)));
    }
}
