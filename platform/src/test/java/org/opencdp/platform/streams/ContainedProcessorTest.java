package org.opencdp.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.embedded.StreamsTestDriver;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.TrackEvent;
import org.opencdp.platform.trace.Tracing;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.InMemorySchemaRegistry;
import org.opencdp.schemas.serde.LeadingStrings;

/**
 * The shared decode-apply-or-dead-letter path, with an application that echoes each command's event name, and
 * fails as the name says: "throw" after forwarding, "transient" with a retriable exception; the processor it
 * forwards to, "check", throws on "downstream".
 */
class ContainedProcessorTest {

    private static final Instant T1 = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path stateDir;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<CustomerKey, CustomerCommand> commands;
    private TestInputTopic<byte[], byte[]> raw;
    private TestOutputTopic<String, String> echoes;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    /** What the log context named while each record was applied: "request-id trace-id". */
    private static final List<String> logContexts = new CopyOnWriteArrayList<>();
    private final List<SpanData> spans = new CopyOnWriteArrayList<>();

    private static final class Echo implements ContainedProcessor.Application<CustomerKey, CustomerCommand> {
        private final LeadingStrings leading;
        private ProcessorContext<Object, Object> context;

        Echo(final LeadingStrings leading) {
            this.leading = leading;
        }

        /** Passes over the commands whose request id starts with "skip"; fails to judge those of request "boom". */
        @Override
        public ContainedProcessor.Selection selection() {
            return new ContainedProcessor.Selection(leading, fields -> {
                if (fields.get(3).equals("boom")) {
                    throw new IllegalStateException("cannot judge " + fields);
                }
                return !fields.get(3).startsWith("skip");
            });
        }

        @Override
        public void init(final ProcessorContext<Object, Object> context, final DeadLetters deadLetters) {
            this.context = context;
        }

        @Override
        public void apply(final Record<byte[], byte[]> record, final CustomerKey key, final CustomerCommand command) {
            final String name = ((TrackEvent) command.getCommand()).getName();
            logContexts.add(String.valueOf(MDC.get(Tracing.REQUEST_ID)) + " " + MDC.get(Tracing.TRACE_ID));
            context.forward(new Record<Object, Object>(key.getCustomerId(), name, record.timestamp()), "check");
            context.forward(new Record<Object, Object>(key.getCustomerId(), name, record.timestamp()), "echo-sink");
            switch (name) {
                case "throw" -> throw new IllegalStateException("cannot apply " + name);
                case "transient" -> throw new TimeoutException("registry unreachable");
                default -> {
                }
            }
        }
    }

    private static final class Check implements Processor<Object, Object, Void, Void> {
        @Override
        public void process(final Record<Object, Object> record) {
            if ("downstream".equals(record.value())) {
                throw new IllegalArgumentException("check refuses " + record.value());
            }
        }
    }

    @BeforeEach
    void startDriver() {
        final Topology topology = new Topology();
        topology.addSource("source", new ByteArrayDeserializer(), new ByteArrayDeserializer(), "in");
        topology.addProcessor("echo", () -> new ContainedProcessor<>(
                new RecordDecoder<>(Topics.CUSTOMER_COMMANDS, registry), "in", "dlq-sink",
                CustomerCommand::getRequestId, new Echo(new LeadingStrings(registry,
                        List.of("command_id", "workspace_id", "customer_id", "request_id")))), "source");
        topology.addProcessor("check", Check::new, "echo");
        topology.addSink("echo-sink", "out", new StringSerializer(), new StringSerializer(), "echo");
        topology.addSink("dlq-sink", "in-dlq", new ByteArraySerializer(), new ByteArraySerializer(), "echo");
        driver = new TopologyTestDriver(topology,
                StreamsTestDriver.properties("contained-processor-test", stateDir, LastResortProcessingHandler.class));
        final var serdes = Topics.CUSTOMER_COMMANDS.serdes(registry);
        commands = driver.createInputTopic("in", serdes.key().serializer(), serdes.value().serializer());
        raw = driver.createInputTopic("in", new ByteArraySerializer(), new ByteArraySerializer());
        echoes = driver.createOutputTopic("out", new StringDeserializer(), new StringDeserializer());
        deadLetters = StreamsTestDriver.deadLetters(driver, "in-dlq");
    }

    @AfterEach
    void closeDriver() {
        driver.close();
        Tracing.use(OpenTelemetry.noop());
        logContexts.clear();
    }

    /** The spans processors start from now on are recorded in {@link #spans}. */
    private void recordSpans() {
        final SpanExporter collecting = new SpanExporter() {
            @Override
            public CompletableResultCode export(final Collection<SpanData> finished) {
                spans.addAll(finished);
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        Tracing.use(OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(collecting)).build()).build());
    }

    private void sendTraced(final String requestId, final String name, final String traceParent) {
        final RecordHeaders headers = new RecordHeaders();
        if (traceParent != null) {
            headers.add(Topics.TRACE_PARENT_HEADER, traceParent.getBytes(StandardCharsets.US_ASCII));
        }
        commands.pipeInput(new TestRecord<>(new CustomerKey("w", "c"), new CustomerCommand(requestId + ":0", "w", "c",
                requestId, T1, "POST /events", ApiFamily.RETAINLY, new TrackEvent(name, new HashMap<>()), null, false,
                null), headers, T1));
    }

    @Test
    void shouldForwardWithTheTraceOfTheRecordFromASpanOfItsOwn() {
        // Given a service that records its spans
        recordSpans();
        // When a record written within a trace is applied
        sendTraced("r1", "fine", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        // Then its apply is a consumer span of that trace, child of the writer's span
        assertThat(spans).hasSize(1);
        final SpanData span = spans.get(0);
        assertThat(span.getName()).isEqualTo("in process");
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(span.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(span.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        // And what it forwarded carries that span's context, for the next processor or service to continue
        final TestRecord<String, String> echoed = echoes.readRecord();
        assertThat(new String(echoed.headers().lastHeader(Topics.TRACE_PARENT_HEADER).value(), StandardCharsets.US_ASCII))
                .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-" + span.getSpanId() + "-01");
        // And the log context named the record's request and trace while it was applied, and nothing after
        assertThat(logContexts).containsExactly("r1 4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(MDC.get(Tracing.REQUEST_ID)).isNull();
    }

    @Test
    void shouldStartATraceForARecordWithoutOneOrWithAMalformedOne() {
        // Given a service that records its spans
        recordSpans();
        // When records from a producer that does not trace, or sends garbage as its trace context, are applied
        sendTraced("r1", "fine", null);
        sendTraced("r2", "fine", "00-not-a-trace-context");
        // Then each is the root of a trace of its own, which what it forwarded carries
        assertThat(spans).hasSize(2).allSatisfy(span -> {
            assertThat(span.getParentSpanContext().isValid()).isFalse();
            assertThat(span.getSpanContext().isValid()).isTrue();
        });
        assertThat(spans.get(0).getTraceId()).isNotEqualTo(spans.get(1).getTraceId());
        assertThat(echoes.readRecordsToList()).extracting(r -> new String(
                        r.headers().lastHeader(Topics.TRACE_PARENT_HEADER).value(), StandardCharsets.US_ASCII))
                .containsExactly("00-" + spans.get(0).getTraceId() + "-" + spans.get(0).getSpanId() + "-01",
                        "00-" + spans.get(1).getTraceId() + "-" + spans.get(1).getSpanId() + "-01");
    }

    @Test
    void shouldPassATraceThroughUnchangedWithoutAServiceOpenTelemetry() {
        // Given no OpenTelemetry installed (topology tests, a tool): no span of its own
        // When a traced record is applied
        sendTraced("r1", "fine", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        // Then what it forwarded still belongs to the writer's trace
        assertThat(new String(echoes.readRecord().headers().lastHeader(Topics.TRACE_PARENT_HEADER).value(),
                StandardCharsets.US_ASCII)).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    }

    private void send(final String requestId, final String name) {
        commands.pipeInput(new CustomerKey("w", "c"), command(requestId, name), T1);
    }

    private static CustomerCommand command(final String requestId, final String name) {
        return new CustomerCommand(requestId + ":0", "w", "c", requestId, T1, "POST /events", ApiFamily.RETAINLY,
                new TrackEvent(name, new HashMap<>()), null, false, null);
    }

    private static String header(final TestRecord<byte[], byte[]> record, final String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /**
     * {@code dead}, the first record (offset 0, request r1), failed with {@code reason} and {@code exception}, is
     * the only dead letter, and the next record ("fine") is applied.
     */
    private void assertFailedFirstRecordOfR1(final TestRecord<byte[], byte[]> dead, final String reason,
                                             final Class<? extends Exception> exception) {
        assertThat(header(dead, Topics.DEAD_LETTER_REASON_HEADER)).isEqualTo(reason);
        assertThat(header(dead, Topics.DEAD_LETTER_EXCEPTION_HEADER)).isEqualTo(exception.getName());
        assertThat(header(dead, Topics.DEAD_LETTER_OFFSET_HEADER)).isEqualTo("0");
        assertThat(header(dead, Topics.REQUEST_ID_HEADER)).isEqualTo("r1");
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(echoes.readValuesToList()).containsExactly("fine");
    }

    @Test
    void shouldDeadLetterARecordWhoseApplyThrowsWithoutWhatItForwardedAndApplyTheNext() {
        // When a record's apply forwards, then throws, and a good record follows
        send("r1", "throw");
        send("r2", "fine");
        // Then the first is a dead letter with its reason, exception, position and request id, and its forward is gone
        final TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertFailedFirstRecordOfR1(dead, "failed: IllegalStateException: cannot apply throw",
                IllegalStateException.class);
        assertThat(header(dead, Topics.DEAD_LETTER_TOPIC_HEADER)).isEqualTo("in");
        assertThat(header(dead, Topics.DEAD_LETTER_PARTITION_HEADER)).isEqualTo("0");
    }

    @Test
    void shouldDeadLetterARecordThatAProcessorItForwardsToThrowsOnAndApplyTheNext() {
        // Given the last-resort handler, which Kafka Streams asks at the processor that throws
        // When the processor the application forwards to throws on a record, and a good record follows
        send("r1", "downstream");
        send("r2", "fine");
        // Then the record is a dead letter with that processor's exception (not skipped, not Kafka Streams' wrapper)
        assertFailedFirstRecordOfR1(deadLetters.readRecord(),
                "failed: IllegalArgumentException: check refuses downstream", IllegalArgumentException.class);
    }

    @Test
    void shouldDeadLetterAnUnreadableRecordWithoutAnException() {
        // When bytes that are not the topic's Avro arrive, then a good record
        raw.pipeInput(new byte[] {1}, new byte[] {2, 3});
        send("r2", "fine");
        // Then the first is a dead letter (unreadable, no exception class) and the next is applied
        final TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(header(dead, Topics.DEAD_LETTER_REASON_HEADER)).startsWith("unreadable: ");
        assertThat(dead.headers().lastHeader(Topics.DEAD_LETTER_EXCEPTION_HEADER)).isNull();
        assertThat(dead.value()).containsExactly(2, 3);
        assertThat(echoes.readValuesToList()).containsExactly("fine");
    }

    @Test
    void shouldPassOverARecordItsApplicationDoesNotWantWithoutDecodingItsRest() {
        // Given a command the application does not want, whole, and one cut off right after its request id
        final byte[] whole = Topics.CUSTOMER_COMMANDS.valueSerde(registry).serialize("in", command("skip-2", "fine"));
        final byte[] cut = Arrays.copyOf(whole, 5 + "skip-2:0".length() + "w".length() + "c".length()
                + "skip-2".length() + 4);

        // When both arrive, then a command it wants
        send("skip-1", "fine");
        raw.pipeInput(new byte[] {1}, cut);
        send("r3", "wanted");

        // Then only the wanted one is applied, and nothing is dead-lettered: the cut bytes were never decoded
        assertThat(echoes.readValuesToList()).containsExactly("wanted");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldApplyARecordWhoseSelectionFailsAsAnyOther() {
        // When the application cannot judge a record by its leading fields
        send("boom", "fine");
        // Then the record is decoded and applied (a failure of its own would be contained there)
        assertThat(echoes.readValuesToList()).containsExactly("fine");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldNotDeadLetterARecordWhoseApplyFailsTransiently() {
        // When a record's apply fails on a registry or broker that cannot be reached
        // Then the failure reaches Kafka Streams (which retries the record), and nothing is dead-lettered or forwarded
        assertThatThrownBy(() -> send("r1", "transient")).hasRootCauseInstanceOf(TimeoutException.class);
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(echoes.isEmpty()).isTrue();
    }

    @Test
    void shouldTellTransientFailuresFromTheRecordsOwn() {
        assertThat(Failures.isTransient(new TimeoutException("t"))).isTrue();
        assertThat(Failures.isTransient(new IllegalStateException("wrapped", new TimeoutException("t")))).isTrue();
        assertThat(Failures.isTransient(new NumberFormatException("Too many nonzero exponent digits"))).isFalse();
    }
}
