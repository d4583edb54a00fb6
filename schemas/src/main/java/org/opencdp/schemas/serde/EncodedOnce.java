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
 */
public final class EncodedOnce implements AutoCloseable {

    private static final ThreadLocal<EncodedOnce> CURRENT = new ThreadLocal<>();
    static final int MAX_KEPT = 32;

    private final Set<Class<?>> types;
    private final EncodedOnce outer;
    private final Map<Object, byte[]> payloads = new IdentityHashMap<>();

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
        payloads.clear();
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
     * The Avro binary of {@code record} kept in this thread's scope, or null (not kept, or no scope): nothing is
     * encoded. {@link KeptRecordWriter} writes a nested record from it.
     */
    static byte[] kept(final Object record) {
        final EncodedOnce scope = CURRENT.get();
        // Asked for every nested record written: the type check spares the identity lookup (and the identity hash
        // it gives each attribute) for the many of types the scope never keeps.
        return scope == null || !scope.types.contains(record.getClass()) ? null : scope.payloads.get(record);
    }

    /**
     * The Avro binary of {@code record} (no wire header): the one kept in this thread's scope, or {@code encoder}'s,
     * kept when the scope covers the record.
     */
    static byte[] payload(final SpecificRecord record, final Function<SpecificRecord, byte[]> encoder) {
        final EncodedOnce scope = CURRENT.get();
        if (scope == null || !scope.types.contains(record.getClass())) {
            return encoder.apply(record);
        }
        final byte[] kept = scope.payloads.get(record);
        if (kept != null) {
            return kept;
        }
        final byte[] encoded = encoder.apply(record);
        if (scope.payloads.size() < MAX_KEPT) {
            scope.payloads.put(record, encoded);
        }
        return encoded;
    }
}
