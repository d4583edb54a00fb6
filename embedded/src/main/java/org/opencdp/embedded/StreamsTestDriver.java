package org.opencdp.embedded;

import java.nio.file.Path;
import java.util.Properties;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;

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

    /**
     * The same, behind the processing exception handler a service is configured with ({@code
     * kafka-streams.processing.exception.handler}): the last line of defence behind the containment.
     */
    public static Properties properties(final String applicationId, final Path stateDir,
                                        final Class<? extends ProcessingExceptionHandler> processing) {
        final Properties props = properties(applicationId, stateDir);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, processing);
        return props;
    }

    /** The same, behind both exception handlers a service is configured with, the processing and the production one. */
    public static Properties properties(final String applicationId, final Path stateDir,
                                        final Class<? extends ProcessingExceptionHandler> processing,
                                        final Class<? extends ProductionExceptionHandler> production) {
        final Properties props = properties(applicationId, stateDir, processing);
        props.put(StreamsConfig.DEFAULT_PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, production);
        return props;
    }

    /** A dead-letter topic, read as the bytes and headers it holds. */
    public static TestOutputTopic<byte[], byte[]> deadLetters(final TopologyTestDriver driver, final String topic) {
        return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
