package org.opencdp.platform.streams;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.errors.internals.FailedProcessingException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.opencdp.platform.failure.ErrorChain;
import org.opencdp.platform.trace.Tracing;
import org.opencdp.schemas.serde.EncodedOnce;
import org.opencdp.schemas.serde.LeadingStrings;

/**
 * The one path every processor that reads an input topic takes: decode the record's bytes, apply it, or
 * dead-letter it, in the task's exactly-once transaction, and go on with the next record.
 * <ul>
 *   <li>An unreadable record (not the topic's Avro, no value) is dead-lettered with reason
 *       {@code unreadable: …}.</li>
 *   <li>The {@link Application} may refuse a record itself ({@link DeadLetters#send}, reason {@code invalid: …}).</li>
 *   <li>Any other {@link RuntimeException} thrown while applying it (a bug, an input the domain did not foresee)
 *       dead-letters the record with reason {@code failed: …} and the exception's class; what the apply had
 *       forwarded is dropped (it forwards through a {@link StagedContext}); what it had already put into a state
 *       store stays, so an application computes first and writes its stores last.</li>
 *   <li>The processors the application forwards to run while it applies the record (its forwards are flushed
 *       inside the apply), so what they throw is contained the same way: the record is dead-lettered with
 *       their exception. Kafka Streams hands a processor's exception to the processing exception handler at
 *       that processor; {@link LastResortProcessingHandler} lets it through (FAIL) while a record is
 *       {@linkplain #isApplying() applied}, and the wrapper Kafka Streams adds is taken off here.</li>
 *   <li>A transient failure ({@link Failures#isTransient}: a registry or broker that cannot be reached) is
 *       rethrown: it is no fault of the record, so Kafka Streams retries it instead of the record being lost to
 *       the dead-letter topic.</li>
 * </ul>
 * Each apply is a span of the record's trace ({@link Tracing}): what it forwards carries that span's trace
 * context, and every log line written meanwhile names the record's request id and trace.
 */
public final class ContainedProcessor<K extends SpecificRecord, V extends SpecificRecord>
        implements Processor<byte[], byte[], Object, Object> {

    /** What a processor does with each readable record, and what it needs from its context. */
    public interface Application<K, V> {

        /** {@code context} stages forwards while a record is applied; {@code deadLetters} refuses a record. */
        void init(ProcessorContext<Object, Object> context, DeadLetters deadLetters);

        /** Applies one readable record; {@code key} is null when the record has none. */
        void apply(Record<byte[], byte[]> record, K key, V value);

        /** After each record is dealt with (applied, refused or dead-lettered), not after a transient failure. */
        default void done(final RecordMetadata source) {
        }

        /**
         * Record types whose instances are encoded once while one record is applied and its forwards sent
         * ({@link EncodedOnce}): the application promises not to change such an instance once it was encoded.
         */
        default Class<?>[] encodedOnce() {
            return new Class<?>[0];
        }

        /**
         * The records the application acts on, if it acts on few, judged before decoding; null (the default): every
         * record is decoded and applied.
         */
        default Selection selection() {
            return null;
        }

        default void close() {
        }
    }

    /**
     * Which records an application acts on, judged by the first string fields of the record's value, read without
     * decoding the rest ({@link LeadingStrings}). A record it does not {@code want} is passed over: neither decoded
     * nor applied, so what follows those fields is not checked either (a record that breaks after them is not
     * dead-lettered). Where the fields cannot be read that way (another writer schema, broken bytes), the record is
     * decoded and applied, or dead-lettered, as any other; so is a record {@code wants} throws on.
     *
     * @param wants called on the stream thread, after {@link Application#init}, with the fields' values in order
     */
    public record Selection(LeadingStrings fields, Predicate<List<String>> wants) {

        boolean passesOver(final byte[] value) {
            final Optional<List<String>> read = fields.read(value);
            if (read.isEmpty()) {
                return false;
            }
            try {
                return !wants.test(read.get());
            } catch (RuntimeException cannotJudge) {
                // Not swallowed: the record takes the whole path, where what fails (the same store read, say) is
                // contained, dead-lettered with its reason or retried, instead of escaping the containment here.
                return false;
            }
        }
    }

    /** How many contained applies are under way on this thread (a contained chain may nest). */
    private static final ThreadLocal<int[]> APPLYING = ThreadLocal.withInitial(() -> new int[1]);

    private final RecordDecoder<K, V> decoder;
    private final String deadLetterSink;
    private final String defaultTopic;
    private final Function<V, String> requestId;
    private final Application<K, V> application;
    /** The types encoded once per record ({@link Application#encodedOnce}), read once; empty: no scope at all. */
    private final Set<Class<?>> encodedOnce;
    private StagedContext context;
    private DeadLetters deadLetters;
    private Selection selection;

    /**
     * @param defaultTopic the source topic, for decoding when the record's metadata is not known (punctuation)
     * @param requestId    the request id a decoded value carries, for the dead letter's header
     */
    public ContainedProcessor(final RecordDecoder<K, V> decoder, final String defaultTopic, final String deadLetterSink,
                              final Function<V, String> requestId, final Application<K, V> application) {
        this.decoder = decoder;
        this.defaultTopic = defaultTopic;
        this.deadLetterSink = deadLetterSink;
        this.requestId = requestId;
        this.application = application;
        this.encodedOnce = Set.of(application.encodedOnce());
    }

    @Override
    public void init(final ProcessorContext<Object, Object> task) {
        this.context = new StagedContext(task);
        this.deadLetters = new DeadLetters(task, deadLetterSink);
        application.init(context, deadLetters);
        selection = application.selection();
    }

    @Override
    public void process(final Record<byte[], byte[]> record) {
        final Optional<RecordMetadata> source = context.recordMetadata();
        final String topic = source.map(RecordMetadata::topic).orElse(defaultTopic);
        if (selection != null && selection.passesOver(record.value())) {
            source.ifPresent(application::done);
            return;
        }
        switch (decoder.decode(topic, record.key(), record.value())) {
            case RecordDecoder.Decoded.Unreadable<K, V> unreadable ->
                    deadLetters.send(record, "unreadable: " + unreadable.reason());
            case RecordDecoder.Decoded.Readable<K, V> readable ->
                    apply(record, topic, readable.key(), readable.value());
        }
        source.ifPresent(application::done);
    }

    /**
     * True while a contained processor on this thread applies a record: an exception thrown now, by it or by a
     * processor it forwards to, is dead-lettered by the containment.
     */
    public static boolean isApplying() {
        return APPLYING.get()[0] > 0;
    }

    private void apply(final Record<byte[], byte[]> record, final String topic, final K key, final V value) {
        context.begin();
        final int[] applying = APPLYING.get();
        applying[0]++;
        final Span span = Tracing.startProcessing(topic, record.headers());
        final Tracing.LogScope logged = Tracing.logContext(requestIdOf(value).orElse(null), span);
        try (EncodedOnce once = encodedOnce.isEmpty() ? null : EncodedOnce.open(encodedOnce)) {
            application.apply(record, key, value);
            context.flush(span);
        } catch (RuntimeException e) {
            context.discard();
            span.setStatus(StatusCode.ERROR, e.getClass().getName());
            if (Failures.isTransient(e)) {
                throw e;
            }
            final Throwable failure = unwrapped(e);
            deadLetters.send(record, "failed: " + ErrorChain.describe(failure), requestIdOf(value),
                    Optional.of(failure));
        } finally {
            applying[0]--;
            span.end();
            logged.close();
        }
    }

    /** What a downstream processor threw, without the wrapper Kafka Streams puts around it. */
    private static Throwable unwrapped(final RuntimeException e) {
        Throwable failure = e;
        while (failure instanceof FailedProcessingException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }

    /** The request id {@code value} carries; empty for a record without a value (a deletion's tombstone). */
    private Optional<String> requestIdOf(final V value) {
        return value == null ? Optional.empty() : Optional.ofNullable(requestId.apply(value));
    }

    @Override
    public void close() {
        application.close();
    }
}
