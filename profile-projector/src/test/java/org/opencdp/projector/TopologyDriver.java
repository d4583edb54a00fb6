package org.opencdp.projector;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.opencdp.embedded.StreamsTestDriver;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.serde.SchemaRegistry;

/** The topology tests' typed topics over a schema registry (the driver's configuration: {@link StreamsTestDriver}). */
public final class TopologyDriver {

    private TopologyDriver() {
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
}
