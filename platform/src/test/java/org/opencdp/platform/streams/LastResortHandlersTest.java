package org.opencdp.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.embedded.StreamsTestDriver;

/**
 * The last line of defence: a processor that is not contained throws, or a sink cannot serialize what it is given,
 * and the task skips that one record and goes on, while a transient failure still reaches Kafka Streams.
 */
class LastResortHandlersTest {

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> in;
    private TestOutputTopic<String, String> out;

    /** Forwards each value; "boom" throws, "transient" fails transiently. */
    private static final class Uncontained implements Processor<String, String, String, String> {
        private ProcessorContext<String, String> context;

        @Override
        public void init(final ProcessorContext<String, String> context) {
            this.context = context;
        }

        @Override
        public void process(final Record<String, String> record) {
            switch (record.value()) {
                case "boom" -> throw new IllegalStateException("not contained");
                case "transient" -> throw new TimeoutException("broker unreachable");
                default -> context.forward(record);
            }
        }
    }

    /** Cannot serialize "unserializable". */
    private static final class Picky implements Serializer<String> {
        @Override
        public byte[] serialize(final String topic, final String data) {
            if ("unserializable".equals(data)) {
                throw new IllegalArgumentException("cannot serialize " + data);
            }
            return new StringSerializer().serialize(topic, data);
        }
    }

    @BeforeEach
    void startDriver() {
        final Topology topology = new Topology();
        topology.addSource("source", new StringDeserializer(), new StringDeserializer(), "in");
        topology.addProcessor("uncontained", Uncontained::new, "source");
        topology.addSink("sink", "out", new StringSerializer(), new Picky(), "uncontained");
        driver = new TopologyTestDriver(topology, StreamsTestDriver.properties("last-resort-test", stateDir,
                LastResortProcessingHandler.class, LastResortProductionHandler.class));
        in = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
        out = driver.createOutputTopic("out", new StringDeserializer(), new StringDeserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldSkipARecordAnUncontainedProcessorThrowsOnAndProcessTheNext() {
        // When
        in.pipeInput("k", "boom");
        in.pipeInput("k", "fine");
        // Then
        assertThat(out.readValuesToList()).containsExactly("fine");
    }

    @Test
    void shouldSkipARecordItsSinkCannotSerializeAndProcessTheNext() {
        // When
        in.pipeInput("k", "unserializable");
        in.pipeInput("k", "fine");
        // Then
        assertThat(out.readValuesToList()).containsExactly("fine");
    }

    @Test
    void shouldLetATransientFailureReachKafkaStreams() {
        assertThatThrownBy(() -> in.pipeInput("k", "transient")).hasRootCauseInstanceOf(TimeoutException.class);
    }
}
