package org.opencdp.projector;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.RestSchemaRegistry;

/** Sends commands to the real broker the way ingest-api does: acks=all, idempotent, our serde. */
public final class CommandProducer implements AutoCloseable {

    private final KafkaProducer<CustomerKey, CustomerCommand> producer;

    public CommandProducer(final String bootstrapServers, final String registryUrl) {
        final var serdes = Topics.CUSTOMER_COMMANDS.serdes(new RestSchemaRegistry(registryUrl));
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                serdes.key().serializer(), serdes.value().serializer());
    }

    /** Sends and waits for the broker's acknowledgement. */
    public void send(final CustomerCommand command) {
        try {
            producer.send(new ProducerRecord<>(Topics.CUSTOMER_COMMANDS.name(),
                    new CustomerKey(command.getWorkspaceId(), command.getCustomerId()), command)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge command " + command.getCommandId(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
