package org.opencdp.schemas.serde;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;

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
    /** Each record schema's {@link Plan}, kept the same way. */
    private volatile Map<Schema, Plan> plans = new IdentityHashMap<>();

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
        if (kept != null) {
            out.writeFixed(kept, AvroSerde.HEADER_SIZE, kept.length - AvroSerde.HEADER_SIZE);
        } else if (datum instanceof SpecificRecordBase record) {
            writeFields(planOf(schema), record, out);
        } else {
            super.writeRecord(schema, datum, out);
        }
    }

    /**
     * A generated record's fields, the plain ones written straight from their values: Avro's own path asks each
     * field's schema for its logical type and conversion, then switches on its type, for every value it writes (a
     * fifth of encoding a profile in figure 3 of run 20261207-121825). A value of another class than its plan
     * expects, null included, takes Avro's own path, which writes it or fails as it always did.
     */
    private void writeFields(final Plan plan, final SpecificRecordBase record, final Encoder out) throws IOException {
        for (int i = 0; i < plan.fields.length; i++) {
            final Schema.Field field = plan.fields[i];
            final Object value = record.get(field.pos());
            if (!writePlain(plan.kinds[i], value, out)) {
                writeField(record, field, out, null);
            }
        }
    }

    /** Writes {@code value} as its field's {@code kind}; false, with nothing written, where it is not of that kind. */
    private static boolean writePlain(final Kind kind, final Object value, final Encoder out) throws IOException {
        switch (kind) {
            case STRING -> {
                if (value instanceof String text) {
                    writeUtf8(text, out);
                    return true;
                }
            }
            case NULL_OR_STRING -> {
                if (value == null) {
                    out.writeIndex(0);
                    out.writeNull();
                    return true;
                }
                if (value instanceof String text) {
                    out.writeIndex(1);
                    writeUtf8(text, out);
                    return true;
                }
            }
            case LONG -> {
                if (value instanceof Long number) {
                    out.writeLong(number);
                    return true;
                }
            }
            case TIMESTAMP_MILLIS -> {
                if (value instanceof Instant instant) {
                    out.writeLong(instant.toEpochMilli());
                    return true;
                }
            }
            case INT -> {
                if (value instanceof Integer number) {
                    out.writeInt(number);
                    return true;
                }
            }
            case DOUBLE -> {
                if (value instanceof Double number) {
                    out.writeDouble(number);
                    return true;
                }
            }
            case BOOLEAN -> {
                if (value instanceof Boolean flag) {
                    out.writeBoolean(flag);
                    return true;
                }
            }
            case OTHER -> {
            }
        }
        return false;
    }

    /**
     * Every string, in a field, a map's key, a list or a union: its UTF-8 bytes, length first, as Avro writes it.
     * Avro's encoder copies a string char by char while it finds ASCII (then starts again with the JDK's encoder),
     * where the JDK's own encoder checks and copies a compact string's bytes at once.
     */
    @Override
    protected void writeString(final Object datum, final Encoder out) throws IOException {
        if (datum instanceof String text) {
            writeUtf8(text, out);
        } else {
            super.writeString(datum, out);
        }
    }

    private static void writeUtf8(final String text, final Encoder out) throws IOException {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private Plan planOf(final Schema schema) {
        final Plan known = plans.get(schema);
        return known != null ? known : learnPlan(schema);
    }

    private synchronized Plan learnPlan(final Schema schema) {
        final Plan plan = Plan.of(schema);
        final Map<Schema, Plan> copy = new IdentityHashMap<>(plans);
        copy.put(schema, plan);
        plans = copy;
        return plan;
    }

    /** How a field's value is written when it is of the expected class. */
    private enum Kind {
        STRING, NULL_OR_STRING, LONG, TIMESTAMP_MILLIS, INT, DOUBLE, BOOLEAN, OTHER;

        static Kind of(final Schema schema) {
            final LogicalType logical = schema.getLogicalType();
            if (logical != null) {
                return schema.getType() == Schema.Type.LONG && "timestamp-millis".equals(logical.getName())
                        ? TIMESTAMP_MILLIS : OTHER;
            }
            return switch (schema.getType()) {
                case STRING -> STRING;
                case LONG -> LONG;
                case INT -> INT;
                case DOUBLE -> DOUBLE;
                case BOOLEAN -> BOOLEAN;
                case UNION -> schema.getTypes().size() == 2
                        && schema.getTypes().get(0).getType() == Schema.Type.NULL
                        && schema.getTypes().get(1).getType() == Schema.Type.STRING
                        && schema.getTypes().get(1).getLogicalType() == null ? NULL_OR_STRING : OTHER;
                default -> OTHER;
            };
        }
    }

    /** A record schema's fields in order, and the kind of each. */
    private record Plan(Schema.Field[] fields, Kind[] kinds) {

        static Plan of(final Schema schema) {
            final Schema.Field[] fields = schema.getFields().toArray(Schema.Field[]::new);
            final Kind[] kinds = new Kind[fields.length];
            for (int i = 0; i < fields.length; i++) {
                kinds[i] = Kind.of(fields[i].schema());
            }
            return new Plan(fields, kinds);
        }
    }
}
