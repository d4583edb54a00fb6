package org.opencdp.platform.trace;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jboss.logging.MDC;
import org.opencdp.schemas.Topics;

/**
 * One trace per write, from ingest-api's request through Kafka and every Kafka Streams processor to the workflow
 * run's webhook: the W3C trace context travels in each record's {@link Topics#TRACE_PARENT_HEADER} header
 * (always the W3C form, whatever propagators a service configures for HTTP, so every hop reads what the last
 * wrote), and in a webhook's {@code traceparent} HTTP header.
 *
 * <p>Processors are built by pure topology code, so they reach the service's {@link OpenTelemetry} here; each
 * service installs its own at start ({@link TracingInstaller}). Until then, and in topology tests, it is the no-op
 * one, which still carries a record's trace context through unchanged (its spans are the parent's, propagated).
 *
 * <p>Every log line written while a record or request is handled names it: {@link #REQUEST_ID} (the request id
 * ingest-api gave it) and, as Quarkus names them for HTTP requests, {@code traceId} and {@code spanId}.
 */
public final class Tracing {

    /** The log context key of the request id (the JSON logs' {@code mdc.requestId}). */
    public static final String REQUEST_ID = "requestId";
    public static final String TRACE_ID = "traceId";
    public static final String SPAN_ID = "spanId";

    private static final String INSTRUMENTATION = "org.opencdp";
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    /** What a traceparent header may hold: the W3C form is 55 characters; anything longer is not one. */
    private static final int MAX_TRACE_PARENT = 128;

    private static volatile OpenTelemetry openTelemetry = OpenTelemetry.noop();
    private static volatile Tracer tracer = openTelemetry.getTracer(INSTRUMENTATION);

    private Tracing() {
    }

    /** Installs the service's OpenTelemetry: the spans processors start from now on are its spans. */
    public static void use(final OpenTelemetry service) {
        openTelemetry = service;
        tracer = service.getTracer(INSTRUMENTATION);
    }

    /**
     * Starts the span of a Kafka Streams processor handling one record read from {@code topic}: a consumer span,
     * child of the trace in the record's headers, or the root of a new trace when it carries none (a record from
     * an upstream producer that does not trace). The caller ends it.
     */
    public static Span startProcessing(final String topic, final Headers headers) {
        return tracer.spanBuilder(topic + " process")
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(extract(traceParent(headers)))
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.operation.type", "process")
                .startSpan();
    }

    /**
     * Starts a client span named {@code name} (an outgoing call, such as a webhook's POST), child of the trace
     * context {@code traceParent} (a {@code traceparent} value; a new trace when null or malformed).
     */
    public static Span startClient(final String name, final String traceParent) {
        return tracer.spanBuilder(name)
                .setSpanKind(SpanKind.CLIENT)
                .setParent(extract(Optional.ofNullable(traceParent)))
                .startSpan();
    }

    /** The {@code traceparent} value naming {@code span}, for a record or a request; empty when it has no trace. */
    public static Optional<String> traceParentOf(final Span span) {
        return traceParentOf(Context.root().with(span));
    }

    /** The {@code traceparent} value of {@code context}'s span; empty when it has no trace. */
    public static Optional<String> traceParentOf(final Context context) {
        final String[] found = new String[1];
        W3C.inject(context, found, (carrier, name, value) -> {
            if (Topics.TRACE_PARENT_HEADER.equals(name)) {
                carrier[0] = value;
            }
        });
        return Optional.ofNullable(found[0]);
    }

    /** The {@code traceparent} value of the current context (the request being served); empty outside a trace. */
    public static Optional<String> currentTraceParent() {
        return traceParentOf(Context.current());
    }

    /** {@code span}'s trace context as a record header's value, once for every record it stamps; null without one. */
    public static byte[] headerValue(final Span span) {
        return traceParentOf(span).map(value -> value.getBytes(StandardCharsets.US_ASCII)).orElse(null);
    }

    /** Sets {@code headers}' trace context to {@code traceParent} ({@link #headerValue}); nothing when it is null. */
    public static void stamp(final Headers headers, final byte[] traceParent) {
        if (traceParent != null) {
            headers.remove(Topics.TRACE_PARENT_HEADER);
            headers.add(Topics.TRACE_PARENT_HEADER, traceParent);
        }
    }

    /** Adds the current context's trace ({@code Context.current()}: the request being served) to {@code headers}. */
    public static void stampCurrent(final Headers headers) {
        currentTraceParent().ifPresent(value ->
                headers.add(Topics.TRACE_PARENT_HEADER, value.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Puts {@code span}'s trace context on an outgoing HTTP request, through {@code header}. */
    public static void stampHttp(final Span span, final BiConsumer<String, String> header) {
        traceParentOf(span).ifPresent(value -> header.accept(Topics.TRACE_PARENT_HEADER, value));
    }

    /** The {@code traceparent} value the record carries, if any (the last one, when it carries several). */
    public static Optional<String> traceParent(final Headers headers) {
        if (headers == null) {
            return Optional.empty();
        }
        final Header header = headers.lastHeader(Topics.TRACE_PARENT_HEADER);
        if (header == null || header.value() == null || header.value().length > MAX_TRACE_PARENT) {
            return Optional.empty();
        }
        return Optional.of(new String(header.value(), StandardCharsets.US_ASCII));
    }

    /** The context a {@code traceparent} value names; the root context when absent or malformed. */
    private static Context extract(final Optional<String> traceParent) {
        if (traceParent.isEmpty()) {
            return Context.root();
        }
        return W3C.extract(Context.root(), Map.of(Topics.TRACE_PARENT_HEADER, traceParent.get()), MAP_GETTER);
    }

    /**
     * Names the record or request being handled in every log line written until the returned scope closes:
     * {@code requestId} (when known) and {@code span}'s trace and span ids.
     */
    public static LogScope logContext(final String requestId, final Span span) {
        final SpanContext ids = span.getSpanContext();
        if (requestId != null) {
            MDC.put(REQUEST_ID, requestId);
        }
        if (ids.isValid()) {
            MDC.put(TRACE_ID, ids.getTraceId());
            MDC.put(SPAN_ID, ids.getSpanId());
        }
        return LogScope.OPEN;
    }

    /** As {@link #logContext(String, Span)}, for work a record or run started: its trace is {@code traceParent}'s. */
    public static LogScope logContext(final String requestId, final String traceParent) {
        return logContext(requestId, Span.fromContext(extract(Optional.ofNullable(traceParent))));
    }

    /** Ends a {@link #logContext}: the keys it set are removed. */
    public enum LogScope implements AutoCloseable {
        OPEN;

        @Override
        public void close() {
            MDC.remove(REQUEST_ID);
            MDC.remove(TRACE_ID);
            MDC.remove(SPAN_ID);
        }
    }

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(final Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(final Map<String, String> carrier, final String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };
}
