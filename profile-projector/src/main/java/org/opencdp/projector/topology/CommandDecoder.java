package org.opencdp.projector.topology;

import org.apache.kafka.common.errors.SerializationException;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.AvroSerde;
import org.opencdp.schemas.serde.SchemaRegistry;

/**
 * Reads a command record's bytes. Done inside the topology rather than by the source's deserializers, so
 * that an unreadable record goes to the dead-letter topic within the same exactly-once transaction as
 * everything else the projector writes.
 */
final class CommandDecoder {

    private final AvroSerde<CustomerKey> keys;
    private final AvroSerde<CustomerCommand> values;

    CommandDecoder(final SchemaRegistry registry) {
        this.keys = Topics.CUSTOMER_COMMANDS.keySerde(registry);
        this.values = Topics.CUSTOMER_COMMANDS.valueSerde(registry);
    }

    sealed interface Decoded {
        /** {@code key} is null when the record has none; the fold rejects such a command. */
        record Readable(CustomerKey key, CustomerCommand command) implements Decoded {
        }

        record Unreadable(String reason) implements Decoded {
        }
    }

    Decoded decode(final String topic, final byte[] key, final byte[] value) {
        if (value == null) {
            return new Decoded.Unreadable("the record has no value");
        }
        try {
            return new Decoded.Readable(keys.deserialize(topic, key), values.deserialize(topic, value));
        } catch (SerializationException e) {
            return new Decoded.Unreadable(describe(e));
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
