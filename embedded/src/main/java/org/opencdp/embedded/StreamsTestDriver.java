package org.opencdp.embedded;

import java.nio.file.Path;
import java.util.Properties;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** What every topology test sets up alike around a {@link TopologyTestDriver}. */
public final class StreamsTestDriver {

    private StreamsTestDriver() {
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

    /** A dead-letter topic, read as the bytes and headers it holds. */
    public static TestOutputTopic<byte[], byte[]> deadLetters(final TopologyTestDriver driver, final String topic) {
        return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
