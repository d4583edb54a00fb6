package org.opencdp.schemas.serde;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecord;

/**
 * A scope in which a record instance is Avro-encoded once. The fold measures a profile against its bound, puts
 * it in its store and sends it to {@code profiles}: three encodings of the same instance in one record's
 * processing, and each event's measure and send two more. Inside a scope (opened by the processor around one
 * record, on its stream thread), {@link AvroSerde} and {@link RecordSize} keep the Avro binary of each instance of
 * the scope's types they encode, by identity, and reuse it for that instance until the scope closes.
 *
 * <p>The rule that makes it safe: within the scope, a record of those types is not changed after it was first
 * encoded (the fold builds changed profiles as copies). Outside a scope, and for other types, nothing is kept.
 * At most {@value #MAX_KEPT} encodings are kept per scope. A kept record nested in another (the profile every
 * enriched event carries) is written from its kept bytes too ({@link KeptRecordWriter}).
 *
 * <p>What is kept is the wire format itself ({@link AvroSerde}): the encoding behind a header's room, so that
 * serializing the instance for a store and again for a topic hands out the same array, with no copy. The header is
 * written when the instance is first serialized; a topic whose schema id differs gets a copy with its own.
 */
public final class EncodedOnce implements AutoCloseable {

    private static final ThreadLocal<EncodedOnce> CURRENT = new ThreadLocal<>();
    static final int MAX_KEPT = 32;

    private final Set<Class<?>> types;
    private final EncodedOnce outer;
    private final Map<Object, Wire> wires = new IdentityHashMap<>();

    /** A kept encoding, behind room for the wire header, and the schema id that header holds (none yet: -1). */
    private static final class Wire {
        private static final int NO_HEADER = -1;
        private final byte[] bytes;
        private int id = NO_HEADER;

        Wire(final byte[] bytes) {
            this.bytes = bytes;
        }

        /** The bytes with {@code schemaId}'s header: these, written once, or a copy where another id was written. */
        byte[] withHeader(final int schemaId) {
            if (id == NO_HEADER) {
                // Nobody has these bytes yet (a measure or a nested write reads past the header): written in place.
                AvroSerde.writeHeader(bytes, schemaId);
                id = schemaId;
            } else if (id != schemaId) {
                final byte[] copy = bytes.clone();
                AvroSerde.writeHeader(copy, schemaId);
                return copy;
            }
            return bytes;
        }
    }

    private EncodedOnce(final Set<Class<?>> types, final EncodedOnce outer) {
        this.types = types;
        this.outer = outer;
    }

    /** Opens a scope on this thread for records of {@code types}; close it (try-with-resources) on the same thread. */
    public static EncodedOnce open(final Class<?>... types) {
        return open(Set.of(types));
    }

    /** Like {@link #open(Class[])}, with the types as a set (a processor builds it once, not per record). */
    public static EncodedOnce open(final Set<Class<?>> types) {
        final EncodedOnce scope = new EncodedOnce(types, CURRENT.get());
        CURRENT.set(scope);
        return scope;
    }

    /**
     * Opens a scope for {@code types} when this thread has none; null (nothing to close) when it has one, whose kept
     * encodings stay visible. For code that runs both inside a processor's scope and outside any (a punctuator).
     */
    public static EncodedOnce openIfNone(final Set<Class<?>> types) {
        return CURRENT.get() == null ? open(types) : null;
    }

    @Override
    public void close() {
        wires.clear();
        if (outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
    }

    /** Whether this thread's scope keeps {@code record}'s encoding. */
    static boolean covers(final SpecificRecord record) {
        final EncodedOnce scope = CURRENT.get();
        return scope != null && scope.types.contains(record.getClass());
    }

    /**
     * The wire bytes of {@code record} kept in this thread's scope (its Avro binary from
     * {@link AvroSerde#HEADER_SIZE}), or null (not kept, or no scope): nothing is encoded. {@link KeptRecordWriter}
     * writes a nested record from them.
     */
    static byte[] kept(final Object record) {
        final EncodedOnce scope = CURRENT.get();
        // Asked for every nested record written: the type check spares the identity lookup (and the identity hash
        // it gives each attribute) for the many of types the scope never keeps.
        if (scope == null || !scope.types.contains(record.getClass())) {
            return null;
        }
        final Wire wire = scope.wires.get(record);
        return wire == null ? null : wire.bytes;
    }

    /**
     * How many bytes {@code record} takes on the wire: its encoding kept in this thread's scope, or
     * {@code encoder}'s (the Avro binary behind {@link AvroSerde#HEADER_SIZE} bytes of room), kept when the scope
     * covers the record.
     */
    static int wireSize(final SpecificRecord record, final Function<SpecificRecord, byte[]> encoder) {
        final Wire kept = keep(record, encoder);
        return kept == null ? encoder.apply(record).length : kept.bytes.length;
    }

    /**
     * The wire bytes of {@code record} with {@code schemaId}'s header: kept in this thread's scope when it covers the
     * record (the same array for every topic with that schema id), else encoded by {@code encoder} (the Avro binary
     * behind {@link AvroSerde#HEADER_SIZE} bytes of room) for this call alone.
     */
    static byte[] wire(final SpecificRecord record, final int schemaId,
                       final Function<SpecificRecord, byte[]> encoder) {
        final Wire kept = keep(record, encoder);
        if (kept != null) {
            return kept.withHeader(schemaId);
        }
        final byte[] bytes = encoder.apply(record);
        AvroSerde.writeHeader(bytes, schemaId);
        return bytes;
    }

    /** {@code record}'s encoding in this thread's scope (encoded now if not yet), or null where no scope covers it. */
    private static Wire keep(final SpecificRecord record, final Function<SpecificRecord, byte[]> encoder) {
        final EncodedOnce scope = CURRENT.get();
        if (scope == null || !scope.types.contains(record.getClass())) {
            return null;
        }
        final Wire kept = scope.wires.get(record);
        if (kept != null) {
            return kept;
        }
        final Wire encoded = new Wire(encoder.apply(record));
        if (scope.wires.size() < MAX_KEPT) {
            scope.wires.put(record, encoded);
        }
        return encoded;
    }
}
