package org.opencdp.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EventTrigger;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.schemas.Topics;

class AvroSerdeTest {

    private static final String TOPIC = Topics.CUSTOMER_COMMANDS.name();

    static List<CustomerCommand> commandOfEveryKind() {
        return SampleRecords.commandOfEveryKind();
    }

    @ParameterizedTest
    @MethodSource("commandOfEveryKind")
    void shouldReadBackEveryKindOfCommandExactlyAsWritten(final CustomerCommand command) {
        // Given
        final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        final AvroSerde<CustomerCommand> serde = Topics.CUSTOMER_COMMANDS.valueSerde(registry);

        // When
        final byte[] bytes = serde.serialize(TOPIC, command);
        final CustomerCommand read = serde.deserialize(TOPIC, bytes);

        // Then
        assertThat(read).isEqualTo(command);
        assertThat(read.getCommand()).isInstanceOf(command.getCommand().getClass());
        assertThat(read.getTimestamp()).isEqualTo(SampleRecords.AT);
    }

    @Test
    void shouldFrameARecordAsMagicByteThenBigEndianSchemaIdThenPlainAvroBinary() throws IOException {
        // Given: a registry handing out an id whose four bytes all differ
        final FixedIdRegistry registry = new FixedIdRegistry(0x0A0B0C0D);
        final AvroSerde<CustomerCommand> serde = Topics.CUSTOMER_COMMANDS.valueSerde(registry);
        final CustomerCommand command = SampleRecords.commandOfEveryKind().getFirst();

        // When
        final byte[] bytes = serde.serialize(TOPIC, command);

        // Then
        assertThat(bytes[0]).isZero();
        assertThat(Arrays.copyOfRange(bytes, 1, 5)).containsExactly(0x0A, 0x0B, 0x0C, 0x0D);
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(plainAvro(command));
        assertThat(registry.subjects).containsExactly("customer-commands-value");
    }

    @Test
    void shouldRegisterKeysAndValuesUnderTheTopicNameStrategySubjects() {
        // Given
        final FixedIdRegistry registry = new FixedIdRegistry(7);

        // When
        Topics.PROFILES.keySerde(registry).serialize(Topics.PROFILES.name(), SampleRecords.key());
        Topics.CUSTOMER_COMMANDS.valueSerde(registry).serialize(TOPIC, SampleRecords.commandOfEveryKind().getFirst());

        // Then
        assertThat(registry.subjects).containsExactly("profiles-key", "customer-commands-value");
    }

    @Test
    void shouldRejectBytesWithoutTheMagicByte() {
        // Given: a correctly framed record whose first byte is then changed
        final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        final AvroSerde<CustomerKey> serde = Topics.CUSTOMER_COMMANDS.keySerde(registry);
        final byte[] bytes = serde.serialize(TOPIC, SampleRecords.key());
        bytes[0] = 1;

        // When / Then
        assertThatThrownBy(() -> serde.deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("magic byte");
    }

    @Test
    void shouldRejectBytesTooShortToHoldTheHeader() {
        // Given
        final AvroSerde<CustomerKey> serde = Topics.CUSTOMER_COMMANDS.keySerde(new InMemorySchemaRegistry());

        // When / Then
        assertThatThrownBy(() -> serde.deserialize(TOPIC, new byte[] {0, 0, 0, 1}))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserialize(TOPIC, "{\"json\":true}".getBytes()))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldRejectARecordWhoseSchemaIdTheRegistryDoesNotKnow() {
        // Given: a frame naming schema id 99 in an empty registry
        final AvroSerde<CustomerKey> serde = Topics.CUSTOMER_COMMANDS.keySerde(new InMemorySchemaRegistry());

        // When / Then
        assertThatThrownBy(() -> serde.deserialize(TOPIC, new byte[] {0, 0, 0, 0, 99, 2, 'a', 2, 'b'}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("writer schema 99");
    }

    @Test
    void shouldReadARecordWrittenWithAnOlderSchemaFillingTheDefaults() throws IOException {
        // Given: a WorkflowDefinition written before the optional fields "webhook", "filter", "template" and
        // "updated_at" existed
        final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        final Schema older = withoutField(withoutField(withoutField(withoutField(WorkflowDefinition.getClassSchema(),
                "webhook"), "filter"), "template"), "updated_at");
        final int olderId = registry.register("workflows-value", older);
        final GenericRecord trigger = new GenericData.Record(EventTrigger.getClassSchema());
        trigger.put("event", "purchase");
        final GenericRecord old = new GenericData.Record(older);
        old.put("workflow_id", "wf-1");
        old.put("workspace_id", "demo");
        old.put("name", "Welcome");
        old.put("trigger", trigger);
        old.put("enabled", true);
        old.put("created_at", 1_700_000_000_000L);
        final byte[] bytes = frame(olderId, older, old);

        // When
        final WorkflowDefinition read = Topics.WORKFLOWS.valueSerde(registry).deserialize(Topics.WORKFLOWS.name(), bytes);

        // Then
        assertThat(read.getWorkflowId()).isEqualTo("wf-1");
        assertThat(read.getTrigger().getEvent()).isEqualTo("purchase");
        assertThat(read.getEnabled()).isTrue();
        assertThat(read.getCreatedAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(read.getWebhook()).isNull();
        assertThat(read.getFilter()).isEmpty();
        assertThat(read.getTemplate()).isNull();
    }

    @Test
    void shouldPassTombstonesThroughAsNull() {
        // Given
        final AvroSerde<CustomerKey> serde = Topics.PROFILES.keySerde(new InMemorySchemaRegistry());

        // When / Then
        assertThat(serde.serialize(Topics.PROFILES.name(), null)).isNull();
        assertThat(serde.deserialize(Topics.PROFILES.name(), null)).isNull();
    }

    @Test
    void shouldReportAnUnreachableRegistryWhileReadingAsRetriableAndReadOnceItIsBack() {
        // Given: a record framed with schema id 7, and a registry that is down, then back
        final InMemorySchemaRegistry known = new InMemorySchemaRegistry();
        final byte[] bytes = Topics.CUSTOMER_COMMANDS.keySerde(known).serialize(TOPIC, SampleRecords.key());
        final OutageRegistry registry = new OutageRegistry(known);
        final AvroSerde<CustomerKey> serde = Topics.CUSTOMER_COMMANDS.keySerde(registry);

        // When / Then: while it is down the record is not poison but a retriable failure
        registry.down = true;
        assertThatThrownBy(() -> serde.deserialize(TOPIC, bytes))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .isInstanceOf(RetriableException.class)
                .isNotInstanceOf(SerializationException.class)
                .hasMessageContaining("unreachable");

        // When / Then: the failure was not remembered, the same bytes read once the registry is back
        registry.down = false;
        assertThat(serde.deserialize(TOPIC, bytes)).isEqualTo(SampleRecords.key());
    }

    @Test
    void shouldReportAnUnreachableRegistryWhileWritingAsRetriableAndARefusedSchemaAsPoison() {
        // Given
        final OutageRegistry registry = new OutageRegistry(new InMemorySchemaRegistry());
        final AvroSerde<CustomerKey> serde = Topics.CUSTOMER_COMMANDS.keySerde(registry);

        // When / Then: the registry cannot be reached when the writer schema is registered
        registry.down = true;
        assertThatThrownBy(() -> serde.serialize(TOPIC, SampleRecords.key()))
                .isInstanceOf(SchemaRegistryUnavailableException.class);

        // When / Then: the registry answers and refuses the schema
        registry.down = false;
        registry.refuse = true;
        assertThatThrownBy(() -> serde.serialize(TOPIC, SampleRecords.key()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("refused");

        // When / Then: once it accepts, the record is written
        registry.refuse = false;
        assertThat(serde.serialize(TOPIC, SampleRecords.key())).isNotEmpty();
    }

    private static byte[] plainAvro(final CustomerCommand command) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(CustomerCommand.class).write(command, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] frame(final int id, final Schema schema, final GenericRecord record) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** A copy of a record schema without one of its fields: what an earlier version looked like. */
    static Schema withoutField(final Schema schema, final String field) {
        final List<Schema.Field> fields = new ArrayList<>();
        for (final Schema.Field f : schema.getFields()) {
            if (!f.name().equals(field)) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    /** A registry that can be made unreachable, or made to refuse every registration. */
    private static final class OutageRegistry implements SchemaRegistry {
        private final SchemaRegistry delegate;
        private boolean down;
        private boolean refuse;

        OutageRegistry(final SchemaRegistry delegate) {
            this.delegate = delegate;
        }

        @Override
        public int register(final String subject, final Schema schema) {
            failIfDown();
            if (refuse) {
                throw new SchemaRegistryException("Schema being registered is incompatible", 409, 409);
            }
            return delegate.register(subject, schema);
        }

        @Override
        public Schema schemaById(final int id) {
            failIfDown();
            return delegate.schemaById(id);
        }

        private void failIfDown() {
            if (down) {
                throw new SchemaRegistryUnavailableException("the schema registry is unreachable",
                        new java.net.ConnectException("Connection refused"));
            }
        }
    }

    /** Hands out one id for every schema and remembers the subjects asked for. */
    private static final class FixedIdRegistry implements SchemaRegistry {
        private final int id;
        private final List<String> subjects = new ArrayList<>();
        private Schema registered;

        FixedIdRegistry(final int id) {
            this.id = id;
        }

        @Override
        public int register(final String subject, final Schema schema) {
            subjects.add(subject);
            registered = schema;
            return id;
        }

        @Override
        public Schema schemaById(final int requested) {
            if (requested != id) {
                throw new SchemaRegistryException("No schema with id " + requested);
            }
            return registered;
        }
    }
}
