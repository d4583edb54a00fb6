package org.opencdp.platform.streams;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.opencdp.platform.failure.ErrorChain;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.serde.AvroSerde;
import org.opencdp.schemas.serde.SchemaRegistry;

/**
 * Reads a record's bytes. Done inside the topology rather than by the source's deserializers, so that an
 * unreadable record goes to the dead-letter topic within the same exactly-once transaction as everything else
 * the processor writes, instead of stopping the task. A failure that is not the record's fault (a registry
 * that cannot be reached: {@link Failures#isTransient}) is thrown, never reported as unreadable.
 */
public final class RecordDecoder<K extends SpecificRecord, V extends SpecificRecord> {

    private final AvroSerde<K> keys;
    private final AvroSerde<V> values;
    private final boolean tombstones;

    /** For a topic whose records all have a value: one without is unreadable. */
    public RecordDecoder(final Topic<K, V> topic, final SchemaRegistry registry) {
        this(topic, registry, false);
    }

    private RecordDecoder(final Topic<K, V> topic, final SchemaRegistry registry, final boolean tombstones) {
        this.keys = topic.keySerde(registry);
        this.values = topic.valueSerde(registry);
        this.tombstones = tombstones;
    }

    /** For a compacted topic, where a record without a value (a tombstone) is readable, its value null. */
    public static <K extends SpecificRecord, V extends SpecificRecord> RecordDecoder<K, V> withTombstones(
            final Topic<K, V> topic, final SchemaRegistry registry) {
        return new RecordDecoder<>(topic, registry, true);
    }

    public sealed interface Decoded<K, V> {
        /**
         * {@code key} is null when the record has none (the processor's validation decides about that);
         * {@code value} only for a tombstone of a decoder {@link #withTombstones}.
         */
        record Readable<K, V>(K key, V value) implements Decoded<K, V> {
        }

        record Unreadable<K, V>(String reason) implements Decoded<K, V> {
        }
    }

    public Decoded<K, V> decode(final String topic, final byte[] key, final byte[] value) {
        if (value == null && !tombstones) {
            return new Decoded.Unreadable<>("the record has no value");
        }
        try {
            return new Decoded.Readable<>(keys.deserialize(topic, key),
                    value == null ? null : values.deserialize(topic, value));
        } catch (SerializationException e) {
            if (Failures.isTransient(e)) {
                throw e;
            }
            return new Decoded.Unreadable<>(ErrorChain.messages(e));
        }
    }
}
