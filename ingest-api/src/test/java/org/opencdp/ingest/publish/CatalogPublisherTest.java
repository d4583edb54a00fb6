package org.opencdp.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CatalogCommand;
import org.opencdp.avro.PropertyKey;
import org.opencdp.ingest.command.CommandOrigin;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.InMemorySchemaRegistry;

class CatalogPublisherTest {

    private final MockProducer<PropertyKey, CatalogCommand> producer = producer();
    private final CatalogPublisher publisher = new CatalogPublisher(producer,
            ProducerFactoryTest.settings(Duration.ofSeconds(5), Duration.ofMillis(5)));
    private final CatalogCommand define = new CommandOrigin("demo", "w-3", "req-3", "PUT /properties/{name}",
            ApiFamily.UPSTREAM, Instant.parse("2024-05-01T10:00:00Z")).defineProperty("tier", "enum", List.of("gold"));

    private static MockProducer<PropertyKey, CatalogCommand> producer() {
        final var serdes = Topics.CATALOG_COMMANDS.serdes(new InMemorySchemaRegistry());
        return new MockProducer<>(false, null, serdes.key().serializer(), serdes.value().serializer());
    }

    @Test
    void shouldKeyTheCommandByPropertyOnTheCatalogTopic() {
        // When a definition is published
        publisher.publish(define);
        // Then one record on catalog-commands, keyed (workspace, name), stamped with the command's time and request id
        final ProducerRecord<PropertyKey, CatalogCommand> record = producer.history().get(0);
        assertThat(record.topic()).isEqualTo(Topics.CATALOG_COMMANDS.name());
        assertThat(record.key()).isEqualTo(new PropertyKey("demo", "tier"));
        assertThat(record.value()).isEqualTo(define);
        assertThat(record.timestamp()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z").toEpochMilli());
        assertThat(new String(record.headers().lastHeader(Topics.REQUEST_ID_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo("req-3");
    }

    @Test
    void shouldCompleteOnlyOnceKafkaAcknowledges() throws Exception {
        final CompletableFuture<Void> written = publisher.publish(define).toCompletableFuture();
        assertThat(written).isNotDone();
        producer.completeNext();
        written.get(1, TimeUnit.SECONDS);
        assertThat(written).isCompleted();
    }

    @Test
    void shouldFailWhenKafkaRefuses() {
        final CompletableFuture<Void> written = publisher.publish(define).toCompletableFuture();
        producer.errorNext(new NotEnoughReplicasException("not enough replicas"));
        assertThat(written).isCompletedExceptionally();
        assertThat(written.exceptionNow()).isInstanceOf(PublishFailedException.class);
    }
}
