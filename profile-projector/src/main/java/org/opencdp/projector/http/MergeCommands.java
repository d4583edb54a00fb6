package org.opencdp.projector.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.platform.kafka.KafkaClients;
import org.opencdp.schemas.ConsistencyToken;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.SchemaRegistry;

/**
 * Sends the administrative commands the projector's own routes issue (undoing a merge) to customer-commands,
 * as ingest-api sends every other command: acks=all, idempotent. The producer is created on first use.
 */
@ApplicationScoped
public class MergeCommands {

    /** How long a command may take to be acknowledged (or to wait for metadata) before the route fails. */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaClients clients;
    private final SchemaRegistry registry;
    private Producer<CustomerKey, CustomerCommand> producer;

    MergeCommands(final KafkaClients clients, final SchemaRegistry registry) {
        this.clients = clients;
        this.registry = registry;
    }

    /** Completes with the position written, as a consistency token ({@code partition:offset}). */
    CompletionStage<String> send(final CustomerCommand command) {
        final CompletableFuture<String> written = new CompletableFuture<>();
        producer().send(new ProducerRecord<>(Topics.CUSTOMER_COMMANDS.name(), null, command.getTimestamp().toEpochMilli(),
                new CustomerKey(command.getWorkspaceId(), command.getCustomerId()), command), (metadata, failure) -> {
            if (failure != null) {
                written.completeExceptionally(failure);
            } else {
                written.complete(ConsistencyToken.of(metadata.partition(), metadata.offset()).format());
            }
        });
        return written;
    }

    private synchronized Producer<CustomerKey, CustomerCommand> producer() {
        if (producer == null) {
            final var serdes = Topics.CUSTOMER_COMMANDS.serdes(registry);
            producer = clients.producer(clients.producerConfig("profile-projector-merge-commands", SEND_TIMEOUT),
                    serdes.key().serializer(), serdes.value().serializer());
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
