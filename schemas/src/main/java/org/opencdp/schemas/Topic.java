package org.opencdp.schemas;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.opencdp.schemas.serde.AvroSerde;
import org.opencdp.schemas.serde.SchemaRegistry;

/**
 * One topic of the platform: its name, whether it is compacted, and the types of its keys and values
 * (always Avro in the Confluent wire format). Declared once, in {@link Topics}.
 */
public record Topic<K extends SpecificRecord, V extends SpecificRecord>(
        String name, boolean compacted, Class<K> keyType, Class<V> valueType) {

    public AvroSerde<K> keySerde(final SchemaRegistry registry) {
        return AvroSerde.forKeys(keyType, registry);
    }

    public AvroSerde<V> valueSerde(final SchemaRegistry registry) {
        return AvroSerde.forValues(valueType, registry);
    }

    /** Typed serdes for this topic, bound to one registry. */
    public Serdes<K, V> serdes(final SchemaRegistry registry) {
        return new Serdes<>(this, keySerde(registry), valueSerde(registry));
    }

    public record Serdes<K extends SpecificRecord, V extends SpecificRecord>(
            Topic<K, V> topic, Serde<K> key, Serde<V> value) {
    }
}
