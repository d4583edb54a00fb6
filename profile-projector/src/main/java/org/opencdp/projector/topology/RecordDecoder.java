package org.opencdp.projector.topology;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.avro.specific.SpecificRecord;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.serde.AvroSerde;
import org.opencdp.schemas.serde.SchemaRegistry;

/**
 * Reads a command record's bytes. Done inside the topology rather than by the source's deserializers, so
 * that an unreadable record goes to the dead-letter topic within the same exactly-once transaction as
 * everything else the projector writes, instead of stopping the task.
 */
final class RecordDecoder<K extends SpecificRecord, V extends SpecificRecord> {

    private final AvroSerde<K> keys;
    private final AvroSerde<V> values;

    RecordDecoder(final Topic<K, V> topic, final SchemaRegistry registry) {
        this.keys = topic.keySerde(registry);
        this.values = topic.valueSerde(registry);
    }

    sealed interface Decoded<K, V> {
        /** {@code key} is null when the record has none; validation rejects such a command. */
        record Readable<K, V>(K key, V value) implements Decoded<K, V> {
        }

        record Unreadable<K, V>(String reason) implements Decoded<K, V> {
        }
    }

    Decoded<K, V> decode(final String topic, final byte[] key, final byte[] value) {
        if (value == null) {
            return new Decoded.Unreadable<>("the record has no value");
        }
        try {
            return new Decoded.Readable<>(keys.deserialize(topic, key), values.deserialize(topic, value));
        } catch (SerializationException e) {
            return new Decoded.Unreadable<>(describe(e));
        }
    }

    private static String describe(final Throwable e) {
        final StringBuilder reason = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            reason.append(": ").append(cause.getMessage());
        }
        return reason.toString();
    }
}
