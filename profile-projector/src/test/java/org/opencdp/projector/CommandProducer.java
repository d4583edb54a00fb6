package org.opencdp.projector;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.IdentityCommand;
import org.opencdp.avro.WorkspaceKey;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.RestSchemaRegistry;

/**
 * Sends commands to the real broker the way ingest-api does: acks=all, idempotent, our serde. Also sends
 * raw bytes, as a direct producer that gets it wrong would.
 */
public final class CommandProducer implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final Serializer<CustomerKey> keys;
    private final Serializer<CustomerCommand> values;
    private final Serializer<WorkspaceKey> identityKeys;
    private final Serializer<IdentityCommand> identityValues;

    public CommandProducer(final String bootstrapServers, final String registryUrl) {
        final var serdes = Topics.CUSTOMER_COMMANDS.serdes(new RestSchemaRegistry(registryUrl));
        keys = serdes.key().serializer();
        values = serdes.value().serializer();
        final var identitySerdes = Topics.IDENTITY_COMMANDS.serdes(new RestSchemaRegistry(registryUrl));
        identityKeys = identitySerdes.key().serializer();
        identityValues = identitySerdes.value().serializer();
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends under the command's own key and waits for the broker's acknowledgement: where it landed. */
    public RecordMetadata send(final CustomerCommand command) {
        return send(new CustomerKey(command.getWorkspaceId(), command.getCustomerId()), command);
    }

    /** Sends under {@code key}, which a direct producer may get wrong. */
    public RecordMetadata send(final CustomerKey key, final CustomerCommand command) {
        return sendRaw(key(key), values.serialize(Topics.CUSTOMER_COMMANDS.name(), command));
    }

    /** The key's bytes as every producer of customer-commands writes them (they decide the partition). */
    public byte[] key(final CustomerKey key) {
        return keys.serialize(Topics.CUSTOMER_COMMANDS.name(), key);
    }

    /** Sends a request that names its user by identifiers, as ingest-api's Attentive and Retently routes do. */
    public RecordMetadata send(final IdentityCommand command) {
        final String topic = Topics.IDENTITY_COMMANDS.name();
        return send(topic, identityKeys.serialize(topic, new WorkspaceKey(command.getWorkspaceId())),
                identityValues.serialize(topic, command));
    }

    /** Sends bytes as they are, readable or not. */
    public RecordMetadata sendRaw(final byte[] key, final byte[] value) {
        return send(Topics.CUSTOMER_COMMANDS.name(), key, value);
    }

    private RecordMetadata send(final String topic, final byte[] key, final byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the record", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
