package org.opencdp.ingest.publish;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.opencdp.avro.CatalogCommand;
import org.opencdp.avro.PropertyKey;
import org.opencdp.schemas.Topics;

/**
 * Writes catalog administration commands to {@code catalog-commands}, keyed by {@link PropertyKey} (one
 * property's changes share a partition, so the projector decides them in order), and completes once Kafka
 * has acknowledged them.
 */
@ApplicationScoped
public class CatalogPublisher {

    private final RecordPublisher<PropertyKey, CatalogCommand> records;

    @Inject
    public CatalogPublisher(final Producer<PropertyKey, CatalogCommand> producer, final PublishSettings settings) {
        this.records = new RecordPublisher<>(producer, settings.timeout());
    }

    /**
     * Completes once acknowledged, or exceptionally with {@link PublishFailedException}. The positions are not
     * a consistency token: that names {@code customer-commands} positions only.
     */
    public CompletionStage<Void> publish(final CatalogCommand command) {
        return records.publish(List.of(record(command))).thenApply(positions -> null);
    }

    static ProducerRecord<PropertyKey, CatalogCommand> record(final CatalogCommand command) {
        return RecordPublisher.commandRecord(Topics.CATALOG_COMMANDS,
                new PropertyKey(command.getWorkspaceId(), command.getName()), command, command.getRequestId(),
                command.getTimestamp());
    }
}
