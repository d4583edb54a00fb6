package org.opencdp.projector;

import java.nio.file.Path;
import java.util.Properties;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.serde.SchemaRegistry;

/** What the topology tests set up alike: the driver's configuration and typed topics over a schema registry. */
public final class TopologyDriver {

    private TopologyDriver() {
    }

    /** The Streams configuration of a test driver: exactly-once, as deployed, with state under {@code stateDir}. */
    public static Properties properties(final String applicationId, final Path stateDir) {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return props;
    }

    public static <K extends SpecificRecord, V extends SpecificRecord> TestInputTopic<K, V> input(
            final TopologyTestDriver driver, final Topic<K, V> topic, final SchemaRegistry registry) {
        final Topic.Serdes<K, V> serdes = topic.serdes(registry);
        return driver.createInputTopic(topic.name(), serdes.key().serializer(), serdes.value().serializer());
    }

    public static <K extends SpecificRecord, V extends SpecificRecord> TestOutputTopic<K, V> output(
            final TopologyTestDriver driver, final Topic<K, V> topic, final SchemaRegistry registry) {
        final Topic.Serdes<K, V> serdes = topic.serdes(registry);
        return driver.createOutputTopic(topic.name(), serdes.key().deserializer(), serdes.value().deserializer());
    }

    /** A dead-letter topic, read as the bytes and headers it holds. */
    public static TestOutputTopic<byte[], byte[]> deadLetters(final TopologyTestDriver driver, final String topic) {
        return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
