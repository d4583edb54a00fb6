package org.opencdp.schemas.serde;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;

/**
 * The first fields of a record value in the Confluent wire format, each a string, read without decoding the rest:
 * what a consumer that acts on few of a topic's records needs to pass over the others cheaply (workflow-trigger
 * reads an enriched event's workspace and name, and decodes its profile only when a workflow or an erasure
 * needs it).
 *
 * <p>Only where the writer's schema begins with exactly these fields, in this order, each of type {@code string}.
 * For any other writer schema, bytes not in the wire format, a writer schema the registry does not give, or bytes
 * that end or break inside the fields, the answer is empty: the caller then decodes the record whole, and that
 * decoding is what reports a broken record (or a registry out of reach) as it always does.
 */
public final class LeadingStrings {

    /** An Avro int takes at most five bytes of seven bits. */
    private static final int MAX_INT_SHIFT = 28;

    private final SchemaRegistry registry;
    private final List<String> fields;
    /**
     * The most writer schema ids kept. A topic's writers are a handful of schema versions; the bound is for bytes
     * naming ids the registry does not know, each of which would otherwise stay here for good.
     */
    static final int MAX_KEPT_WRITERS = 1024;

    /** By writer schema id: whether that schema begins with {@link #fields}. */
    private final Map<Integer, Boolean> beginsWithFields = new ConcurrentHashMap<>();

    /** @param fields the names of the first fields of the record, in order */
    public LeadingStrings(final SchemaRegistry registry, final List<String> fields) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("at least one field");
        }
        this.registry = registry;
        this.fields = List.copyOf(fields);
    }

    /** The values of the fields, in their order; empty when they cannot be read this way (see the class). */
    public Optional<List<String>> read(final byte[] value) {
        if (value == null || value.length < AvroSerde.HEADER_SIZE || value[0] != AvroSerde.MAGIC_BYTE) {
            return Optional.empty();
        }
        if (!beginsWithFields(ByteBuffer.wrap(value, 1, 4).getInt())) {
            return Optional.empty();
        }
        return readFields(value);
    }

    /**
     * Avro's binary of a string is its byte length (a zig-zag varint) and its UTF-8 bytes. Read here, each length
     * checked against the bytes there are before anything is allocated for it.
     */
    private Optional<List<String>> readFields(final byte[] value) {
        final String[] read = new String[fields.size()];
        int at = AvroSerde.HEADER_SIZE;
        for (int i = 0; i < read.length; i++) {
            long zigZag = 0;
            int shift = 0;
            int b;
            do {
                if (at >= value.length || shift > MAX_INT_SHIFT) {
                    return Optional.empty();
                }
                b = value[at++] & 0xff;
                zigZag |= (long) (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            final long length = (zigZag >>> 1) ^ -(zigZag & 1);
            if (length < 0 || length > value.length - at) {
                return Optional.empty();
            }
            read[i] = new String(value, at, (int) length, StandardCharsets.UTF_8);
            at += (int) length;
        }
        return Optional.of(List.of(read));
    }

    private boolean beginsWithFields(final int writerId) {
        final Boolean known = beginsWithFields.get(writerId);
        if (known != null) {
            return known;
        }
        boolean begins;
        try {
            begins = beginsWith(registry.schemaById(writerId));
        } catch (SchemaRegistryUnavailableException unreachable) {
            // Not kept: once the registry answers, this writer's records are read this way again. The caller's
            // whole decoding meets the same outage and retries the record.
            return false;
        } catch (RuntimeException unknown) {
            // Kept: bytes naming a schema id the registry does not know would otherwise cost a look-up here and
            // another in the caller's whole decoding, which dead-letters them, for every such record.
            begins = false;
        }
        if (beginsWithFields.size() < MAX_KEPT_WRITERS) {
            beginsWithFields.put(writerId, begins);
        }
        return begins;
    }

    private boolean beginsWith(final Schema writer) {
        if (writer.getType() != Schema.Type.RECORD || writer.getFields().size() < fields.size()) {
            return false;
        }
        for (int i = 0; i < fields.size(); i++) {
            final Schema.Field field = writer.getFields().get(i);
            if (!field.name().equals(fields.get(i)) || field.schema().getType() != Schema.Type.STRING) {
                return false;
            }
        }
        return true;
    }
}
