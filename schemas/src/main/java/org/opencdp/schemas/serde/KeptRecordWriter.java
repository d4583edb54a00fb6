package org.opencdp.schemas.serde;

import java.io.IOException;

import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The writer of {@link AvroSerde} and {@link RecordSize}: a nested record whose encoding this thread's
 * {@link EncodedOnce} scope keeps is written as those bytes, not encoded again. The fold sends each event with the
 * profile it stored a moment before; the profile is most of the event's bytes and most of its encoding time.
 *
 * <p>Avro's binary form of a record is its fields' forms one after the other, with nothing around them (no length,
 * no tag), so a nested record's bytes are exactly its own encoding, and a union branch's are its index followed by
 * them; this writer still writes the index itself. The kept bytes were written with the record's own schema, which
 * is the schema every generated class nests (one IDL, schemas/src/main/avro), so they are the bytes this writer
 * would write.
 */
final class KeptRecordWriter<T> extends SpecificDatumWriter<T> {

    KeptRecordWriter(final Schema root, final SpecificData data) {
        super(root, data);
    }

    KeptRecordWriter(final Schema root) {
        super(root);
    }

    @Override
    protected void writeRecord(final Schema schema, final Object datum, final Encoder out) throws IOException {
        final byte[] kept = EncodedOnce.kept(datum);
        if (kept == null) {
            super.writeRecord(schema, datum, out);
        } else {
            out.writeFixed(kept);
        }
    }
}
