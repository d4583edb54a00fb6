package org.opencdp.projector.http;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.SchemaRegistry;

/**
 * Sends the administrative commands the projector's own routes issue (undoing a merge) to customer-commands,
 * as ingest-api sends every other command: acks=all, idempotent. The producer is created on first use.
 */
@ApplicationScoped
public class MergeCommands {

    private final String bootstrapServers;
    private final SchemaRegistry registry;
    private Producer<CustomerKey, CustomerCommand> producer;

    MergeCommands(@ConfigProperty(name = "kafka.bootstrap.servers") final String bootstrapServers,
                  final SchemaRegistry registry) {
        this.bootstrapServers = bootstrapServers;
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
                written.complete(metadata.partition() + ":" + metadata.offset());
            }
        });
        return written;
    }

    private synchronized Producer<CustomerKey, CustomerCommand> producer() {
        if (producer == null) {
            final var serdes = Topics.CUSTOMER_COMMANDS.serdes(registry);
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000),
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
