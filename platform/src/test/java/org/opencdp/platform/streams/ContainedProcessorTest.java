package org.opencdp.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;

import org.apache.kafka.common.errors.TimeoutException;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.embedded.StreamsTestDriver;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.TrackEvent;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.InMemorySchemaRegistry;

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

    private static final class Echo implements ContainedProcessor.Application<CustomerKey, CustomerCommand> {
        private ProcessorContext<Object, Object> context;

        @Override
        public void init(final ProcessorContext<Object, Object> context, final DeadLetters deadLetters) {
            this.context = context;
        }

        @Override
        public void apply(final Record<byte[], byte[]> record, final CustomerKey key, final CustomerCommand command) {
            final String name = ((TrackEvent) command.getCommand()).getName();
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
                CustomerCommand::getRequestId, new Echo()), "source");
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
    }

    private void send(final String requestId, final String name) {
        commands.pipeInput(new CustomerKey("w", "c"), new CustomerCommand(requestId + ":0", "w", "c", requestId, T1,
                "POST /events", ApiFamily.RETAINLY, new TrackEvent(name, new HashMap<>()), null, false, null), T1);
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
