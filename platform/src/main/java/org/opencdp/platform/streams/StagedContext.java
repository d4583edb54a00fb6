package org.opencdp.platform.streams;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.opentelemetry.api.trace.Span;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.opencdp.platform.trace.Tracing;

/**
 * The context a contained application sees: everything is the task's own, except that what it forwards while
 * applying a record is held back until the apply returns ({@link #flush}), and dropped when it throws
 * ({@link #discard}), so a record that fails half-way sends nothing downstream but its dead letter.
 * Outside an apply (init, punctuators) forwards go straight through.
 */
final class StagedContext implements ProcessorContext<Object, Object> {

    private record Staged(Record<Object, Object> record, String child) {
    }

    private final ProcessorContext<Object, Object> task;
    private final List<Staged> staged = new ArrayList<>();
    private boolean staging;

    StagedContext(final ProcessorContext<Object, Object> task) {
        this.task = task;
    }

    void begin() {
        staged.clear();
        staging = true;
    }

    /** Forwards, in order, what the apply produced, each record carrying {@code span}'s trace context. */
    void flush(final Span span) {
        staging = false;
        final List<Staged> out = List.copyOf(staged);
        staged.clear();
        final byte[] traceParent = out.isEmpty() ? null : Tracing.headerValue(span);
        for (final Staged s : out) {
            Tracing.stamp(s.record().headers(), traceParent);
            if (s.child() == null) {
                task.forward(s.record());
            } else {
                task.forward(s.record(), s.child());
            }
        }
    }

    void discard() {
        staging = false;
        staged.clear();
    }

    @SuppressWarnings("unchecked")
    @Override
    public <K, V> void forward(final Record<K, V> record) {
        if (staging) {
            staged.add(new Staged((Record<Object, Object>) record, null));
        } else {
            task.forward(record);
        }
    }

    @SuppressWarnings("unchecked")
    @Override
    public <K, V> void forward(final Record<K, V> record, final String childName) {
        if (staging) {
            staged.add(new Staged((Record<Object, Object>) record, childName));
        } else {
            task.forward(record, childName);
        }
    }

    @Override
    public String applicationId() {
        return task.applicationId();
    }

    @Override
    public TaskId taskId() {
        return task.taskId();
    }

    @Override
    public Optional<RecordMetadata> recordMetadata() {
        return task.recordMetadata();
    }

    @Override
    public Serde<?> keySerde() {
        return task.keySerde();
    }

    @Override
    public Serde<?> valueSerde() {
        return task.valueSerde();
    }

    @Override
    public File stateDir() {
        return task.stateDir();
    }

    @Override
    public StreamsMetrics metrics() {
        return task.metrics();
    }

    @Override
    public <S extends StateStore> S getStateStore(final String name) {
        return task.getStateStore(name);
    }

    @Override
    public Cancellable schedule(final Duration interval, final PunctuationType type, final Punctuator callback) {
        return task.schedule(interval, type, callback);
    }

    @Override
    public void commit() {
        task.commit();
    }

    @Override
    public Map<String, Object> appConfigs() {
        return task.appConfigs();
    }

    @Override
    public Map<String, Object> appConfigsWithPrefix(final String prefix) {
        return task.appConfigsWithPrefix(prefix);
    }

    @Override
    public long currentSystemTimeMs() {
        return task.currentSystemTimeMs();
    }

    @Override
    public long currentStreamTimeMs() {
        return task.currentStreamTimeMs();
    }
}
