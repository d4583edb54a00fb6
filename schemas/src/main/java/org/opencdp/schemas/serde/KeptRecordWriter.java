package org.opencdp.schemas.serde;

import java.io.IOException;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
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

    /**
     * Each union's branch by the Java class of the value written to it. Avro resolves a union for every value it
     * writes, by the value's schema name looked up in the union's table of names; the profile's attributes are
     * unions, and that lookup was 39 % of encoding a profile (run 20261207-110419, figure 3). For the generated
     * classes and the JDK's values the class decides the branch, so it is resolved once per union and class. Read
     * without a lock (copied on write): after the first records, nothing is added.
     */
    private volatile Map<Schema, Branches> branches = new IdentityHashMap<>();

    KeptRecordWriter(final Schema root, final SpecificData data) {
        super(root, data);
    }

    KeptRecordWriter(final Schema root) {
        super(root);
    }

    @Override
    protected int resolveUnion(final Schema union, final Object datum) {
        if (datum instanceof GenericData.Record || datum instanceof GenericData.EnumSymbol
                || datum instanceof GenericData.Fixed) {
            // A generic record, enum symbol or fixed: its schema, not its class, names its branch.
            return super.resolveUnion(union, datum);
        }
        final Class<?> type = datum == null ? Void.class : datum.getClass();
        final Branches known = branches.get(union);
        if (known != null) {
            final int index = known.of(type);
            if (index >= 0) {
                return index;
            }
        }
        final int resolved = super.resolveUnion(union, datum);
        learn(union, type, resolved);
        return resolved;
    }

    private synchronized void learn(final Schema union, final Class<?> type, final int index) {
        final Map<Schema, Branches> copy = new IdentityHashMap<>(branches);
        copy.merge(union, new Branches(new Class<?>[] {type}, new int[] {index}), Branches::with);
        branches = copy;
    }

    /** The branches of one union known so far: a few classes, found by a scan that compares references. */
    private record Branches(Class<?>[] classes, int[] indexes) {

        int of(final Class<?> type) {
            for (int i = 0; i < classes.length; i++) {
                if (classes[i] == type) {
                    return indexes[i];
                }
            }
            return -1;
        }

        Branches with(final Branches more) {
            final Class<?>[] joined = Arrays.copyOf(classes, classes.length + more.classes.length);
            final int[] at = Arrays.copyOf(indexes, indexes.length + more.indexes.length);
            System.arraycopy(more.classes, 0, joined, classes.length, more.classes.length);
            System.arraycopy(more.indexes, 0, at, indexes.length, more.indexes.length);
            return new Branches(joined, at);
        }
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
