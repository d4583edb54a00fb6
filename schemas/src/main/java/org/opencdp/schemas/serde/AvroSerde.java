package org.opencdp.schemas.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for generated Avro classes in the Confluent wire format: magic byte 0, the writer schema's
 * 4-byte big-endian registry id, then the Avro binary encoding. Schemas are registered under the
 * TopicNameStrategy subject ({@code <topic>-key} or {@code <topic>-value}). Records written with any
 * compatible writer schema are read into {@code type} by Avro schema resolution.
 *
 * <p>Failures come in two kinds. A record that cannot be read or written (no magic byte, a schema id the
 * registry does not know, bytes that are not Avro, a schema the registry refuses) is a
 * {@link SerializationException}: poison, retrying cannot help. A registry that cannot be reached when a schema
 * is first looked up or registered is a {@link SchemaRegistryUnavailableException} (a Kafka
 * {@code RetriableException}): the record is fine and must be tried again later, never dead-lettered.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_SIZE = 5;

    private final Class<T> type;
    /** Resolves generated classes through their own class loader (Quarkus tests and dev mode load them apart from Avro). */
    private final SpecificData specificData;
    private final Schema readerSchema;
    private final SchemaRegistry registry;
    private final boolean isKey;
    private final SpecificDatumWriter<T> writer;
    /** By topic, not subject: the subject's name is built from the topic's, and was built for every record. */
    private final Map<String, Integer> idByTopic = new ConcurrentHashMap<>();
    private final Map<Integer, SpecificDatumReader<T>> readerByWriterId = new ConcurrentHashMap<>();

    private AvroSerde(final Class<T> type, final SchemaRegistry registry, final boolean isKey) {
        this.type = type;
        this.specificData = new SpecificData(type.getClassLoader());
        specificData.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        this.readerSchema = specificData.getSchema(type);
        this.registry = registry;
        this.isKey = isKey;
        this.writer = new KeptRecordWriter<>(readerSchema, specificData);
    }

    public static <T extends SpecificRecord> AvroSerde<T> forKeys(final Class<T> type, final SchemaRegistry registry) {
        return new AvroSerde<>(type, registry, true);
    }

    public static <T extends SpecificRecord> AvroSerde<T> forValues(final Class<T> type, final SchemaRegistry registry) {
        return new AvroSerde<>(type, registry, false);
    }

    public Class<T> type() {
        return type;
    }

    /** The TopicNameStrategy subject of this serde's records on {@code topic}. */
    public String subject(final String topic) {
        return topic + (isKey ? "-key" : "-value");
    }

    public byte[] serialize(final String topic, final T record) {
        if (record == null) {
            return null;
        }
        final int id = writerId(topic);
        // Encoded behind the header's room, so the bytes are copied once, out of the thread's buffer. Inside an
        // EncodedOnce scope an instance already encoded (measured, stored) is not encoded again.
        return EncodedOnce.wire(record, id, r -> encode(topic, type.cast(r)));
    }

    /** Writes the wire header (magic byte, schema id) into the first {@link #HEADER_SIZE} bytes of {@code wire}. */
    static void writeHeader(final byte[] wire, final int schemaId) {
        wire[0] = MAGIC_BYTE;
        wire[1] = (byte) (schemaId >>> 24);
        wire[2] = (byte) (schemaId >>> 16);
        wire[3] = (byte) (schemaId >>> 8);
        wire[4] = (byte) schemaId;
    }

    /** The Avro binary of {@code record} behind {@link #HEADER_SIZE} bytes of room for the wire header. */
    private byte[] encode(final String topic, final T record) {
        try {
            return AvroCoding.encode(writer, record, HEADER_SIZE);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot serialize " + type.getSimpleName() + " for " + topic, e);
        }
    }

    /** The registry id of this serde's schema under {@code topic}'s subject, registered on first use. */
    private int writerId(final String topic) {
        try {
            return idByTopic.computeIfAbsent(topic, t -> registry.register(subject(t), readerSchema));
        } catch (SchemaRegistryUnavailableException e) {
            throw new SchemaRegistryUnavailableException("Cannot serialize " + type.getSimpleName() + " for " + topic
                    + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new SerializationException("Cannot serialize " + type.getSimpleName() + " for " + topic
                    + ": the schema registry refused its schema", e);
        }
    }

    public T deserialize(final String topic, final byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < HEADER_SIZE || data[0] != MAGIC_BYTE) {
            throw new SerializationException("Not in the Confluent wire format (magic byte 0 and a schema id)");
        }
        final int writerId = ByteBuffer.wrap(data, 1, 4).getInt();
        try {
            final SpecificDatumReader<T> reader = readerByWriterId.computeIfAbsent(writerId,
                    id -> new SpecificDatumReader<>(registry.schemaById(id), readerSchema, specificData));
            return AvroCoding.decode(reader, data, HEADER_SIZE, data.length - HEADER_SIZE);
        } catch (SchemaRegistryUnavailableException e) {
            throw new SchemaRegistryUnavailableException("Cannot read " + type.getSimpleName() + " (writer schema "
                    + writerId + ") from " + topic + " now: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "Cannot read " + type.getSimpleName() + " (writer schema " + writerId + ") from " + topic, e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return this::serialize;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this::deserialize;
    }
}
