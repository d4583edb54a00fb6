package org.opencdp.trigger.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.DeserializationHandlerResponse;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.SchemaRegistryUnavailableException;

class DeadLetterHandlerTest {

    private record Letter(String topic, byte[] key, byte[] value, Headers headers) {
    }

    private final List<Letter> sent = new ArrayList<>();

    @Test
    void shouldSendAnUnreadableDefinitionToWorkflowsDlqWithTheSharedHeadersAndGoOn() {
        // Given an unreadable workflow definition with a request id header
        final DeadLetterHandler handler = new DeadLetterHandler((t, k, v, h) -> sent.add(new Letter(t, k, v, h)));
        final ConsumerRecord<byte[], byte[]> pill = record(Topics.WORKFLOWS.name(), "garbage");
        pill.headers().add(Topics.REQUEST_ID_HEADER, "req-9".getBytes(StandardCharsets.UTF_8));

        // When the handler gets it
        final DeserializationHandlerResponse response = handler.handle(context(pill), pill,
                new SerializationException("Not in the Confluent wire format"));

        // Then it went, as it was, to workflows-dlq with reason, exception and source, and processing goes on
        assertThat(response).isEqualTo(DeserializationHandlerResponse.CONTINUE);
        assertThat(sent).hasSize(1);
        final Letter letter = sent.getFirst();
        assertThat(letter.topic()).isEqualTo("workflows-dlq").isEqualTo(Topics.WORKFLOWS_DLQ);
        assertThat(letter.value()).isEqualTo(pill.value());
        assertThat(letter.key()).isEqualTo(pill.key());
        assertThat(header(letter, Topics.DEAD_LETTER_REASON_HEADER))
                .contains("unreadable: Not in the Confluent wire format");
        assertThat(header(letter, Topics.DEAD_LETTER_EXCEPTION_HEADER))
                .contains(SerializationException.class.getName());
        assertThat(header(letter, Topics.DEAD_LETTER_TOPIC_HEADER)).contains("workflows");
        assertThat(header(letter, Topics.DEAD_LETTER_PARTITION_HEADER)).contains("2");
        assertThat(header(letter, Topics.DEAD_LETTER_OFFSET_HEADER)).contains("17");
        assertThat(header(letter, Topics.REQUEST_ID_HEADER)).contains("req-9");
    }

    @Test
    void shouldStopWhenTheDeadLetterCannotBeWritten() {
        // Given a dead-letter topic that cannot take the record
        final DeadLetterHandler handler = new DeadLetterHandler((t, k, v, h) -> {
            throw new IllegalStateException("broker down");
        });
        final ConsumerRecord<byte[], byte[]> pill = record(Topics.WORKFLOWS.name(), "garbage");

        // When the handler gets a poison pill / Then processing stops rather than drop it
        assertThat(handler.handle(context(pill), pill, new SerializationException("bad")))
                .isEqualTo(DeserializationHandlerResponse.FAIL);
    }

    @Test
    void shouldFailTheTaskWithoutDeadLetteringWhenTheSchemaRegistryIsUnreachable() {
        // Given
        final List<Object> sent = new ArrayList<>();
        final DeadLetterHandler handler = new DeadLetterHandler((t, k, v, h) -> sent.add(t));
        final ConsumerRecord<byte[], byte[]> valid = record(Topics.ENRICHED_EVENTS.name(), "valid but unreadable now");

        // When
        final DeserializationHandlerResponse response = handler.handle(context(valid), valid,
                new SchemaRegistryUnavailableException("the schema registry is unreachable",
                        new java.net.ConnectException("Connection refused")));

        // Then: the task fails (and is retried), nothing is dead-lettered
        assertThat(response).isEqualTo(DeserializationHandlerResponse.FAIL);
        assertThat(sent).isEmpty();
    }

    private static ConsumerRecord<byte[], byte[]> record(final String topic, final String value) {
        return new ConsumerRecord<>(topic, 2, 17L, 1_714_560_000_000L, TimestampType.CREATE_TIME, 3, value.length(),
                "key".getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8), new RecordHeaders(),
                Optional.empty());
    }

    private static Optional<String> header(final Letter letter, final String name) {
        return Optional.ofNullable(letter.headers().lastHeader(name))
                .map(h -> new String(h.value(), StandardCharsets.UTF_8));
    }

    private static ErrorHandlerContext context(final ConsumerRecord<byte[], byte[]> record) {
        return new ErrorHandlerContext() {
            @Override public String topic() { return record.topic(); }
            @Override public int partition() { return record.partition(); }
            @Override public long offset() { return record.offset(); }
            @Override public Headers headers() { return record.headers(); }
            @Override public String processorNodeId() { return "enriched-events-source"; }
            @Override public TaskId taskId() { return new TaskId(0, record.partition()); }
            @Override public long timestamp() { return record.timestamp(); }
            @Override public byte[] sourceRawKey() { return record.key(); }
            @Override public byte[] sourceRawValue() { return record.value(); }
        };
    }
}
