package org.opencdp.schemas.serde;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * How many bytes a record takes on a topic's wire ({@link AvroSerde}'s format): counted without keeping them, or,
 * inside an {@link EncodedOnce} scope that covers the record, encoded and kept for its serializer.
 */
public final class RecordSize {

    /** Magic byte and 4-byte schema id before the Avro binary. */
    public static final int WIRE_HEADER_BYTES = AvroSerde.HEADER_SIZE;

    /** One writer per schema (a writer keeps no state between writes); the platform has a few dozen schemas. */
    private static final Map<Schema, SpecificDatumWriter<SpecificRecord>> WRITERS = new ConcurrentHashMap<>();

    private RecordSize() {
    }

    public static long of(final SpecificRecord record) {
        if (EncodedOnce.covers(record)) {
            // The bytes are kept: the record's serializer reuses them instead of encoding it again.
            return EncodedOnce.wireSize(record, RecordSize::encode);
        }
        try {
            return WIRE_HEADER_BYTES + AvroCoding.size(WRITERS.computeIfAbsent(record.getSchema(), KeptRecordWriter::new), record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encode(final SpecificRecord record) {
        try {
            return AvroCoding.encode(WRITERS.computeIfAbsent(record.getSchema(), KeptRecordWriter::new), record,
                    WIRE_HEADER_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
