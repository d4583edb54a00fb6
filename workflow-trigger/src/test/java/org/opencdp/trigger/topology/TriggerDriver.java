package org.opencdp.trigger.topology;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.avro.WorkflowKey;
import org.opencdp.embedded.StreamsTestDriver;
import org.opencdp.platform.streams.LastResortProcessingHandler;
import org.opencdp.platform.streams.LastResortProductionHandler;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.Topics;
import org.opencdp.trigger.Fixtures;

/**
 * The trigger's topology under a {@link TopologyTestDriver}, the fixture of its topology tests: it owns the driver
 * and gives the typed topics over the registry the topology and the test's serializers share (the driver's
 * configuration: {@link StreamsTestDriver}). A test registers it ({@code @RegisterExtension}), starts it in {@code
 * @BeforeEach} and it closes the driver after each test.
 */
final class TriggerDriver implements AfterEachCallback, AutoCloseable {

    private final RefusingRegistry registry = new RefusingRegistry();
    private Topology topology;
    private TopologyTestDriver driver;
    private TestInputTopic<WorkflowKey, WorkflowDefinition> workflows;
    private TestInputTopic<CustomerKey, EnrichedEvent> events;

    /**
     * Starts the topology, started runs kept a week, as the service is configured: behind both last-resort handlers,
     * the last line of defence behind the containment.
     */
    void startAsConfigured(final String applicationId, final Path stateDir) {
        start(StreamsTestDriver.properties(applicationId, stateDir, LastResortProcessingHandler.class,
                LastResortProductionHandler.class));
    }

    /** Starts the topology, started runs kept a week, run with {@code props}. */
    void start(final Properties props) {
        this.topology = TriggerTopology.build(new TriggerConfig(registry, Duration.ofDays(7)));
        this.driver = new TopologyTestDriver(topology, props);
        openInputs();
    }

    /**
     * Starts the topology of {@code config} (over {@link #registry()}), run with {@code props}, the driver's wall
     * clock at {@code start}.
     */
    void start(final TriggerConfig config, final Properties props, final Instant start) {
        this.topology = TriggerTopology.build(config);
        this.driver = new TopologyTestDriver(topology, props, start);
        openInputs();
    }

    private void openInputs() {
        workflows = input(Topics.WORKFLOWS);
        events = input(Topics.ENRICHED_EVENTS);
    }

    /** The registry of the topology and of the test's serializers, which refuses no schema until told to. */
    RefusingRegistry registry() {
        return registry;
    }

    Topology topology() {
        return topology;
    }

    TopologyTestDriver driver() {
        return driver;
    }

    TestInputTopic<WorkflowKey, WorkflowDefinition> workflows() {
        return workflows;
    }

    TestInputTopic<CustomerKey, EnrichedEvent> events() {
        return events;
    }

    /** Writes {@code definition} to workflows, keyed by its workspace and id, at {@link Fixtures#CREATED}. */
    void define(final WorkflowDefinition definition) {
        workflows.pipeInput(new WorkflowKey(definition.getWorkspaceId(), definition.getWorkflowId()), definition,
                Fixtures.CREATED);
    }

    /** Writes {@code event} to enriched-events, keyed by its customer, at {@link Fixtures#EVENT_TIME}. */
    void pipe(final EnrichedEvent event) {
        events.pipeInput(new CustomerKey(event.getWorkspaceId(), event.getCustomerId()), event, Fixtures.EVENT_TIME);
    }

    <K extends SpecificRecord, V extends SpecificRecord> TestInputTopic<K, V> input(final Topic<K, V> topic) {
        final Topic.Serdes<K, V> serdes = topic.serdes(registry);
        return driver.createInputTopic(topic.name(), serdes.key().serializer(), serdes.value().serializer());
    }

    <K extends SpecificRecord, V extends SpecificRecord> TestOutputTopic<K, V> output(final Topic<K, V> topic) {
        final Topic.Serdes<K, V> serdes = topic.serdes(registry);
        return driver.createOutputTopic(topic.name(), serdes.key().deserializer(), serdes.value().deserializer());
    }

    /** {@code topic} written as bytes: what a producer outside the API may put there. */
    TestInputTopic<byte[], byte[]> raw(final Topic<?, ?> topic) {
        return driver.createInputTopic(topic.name(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    TestOutputTopic<byte[], byte[]> deadLetters(final String topic) {
        return StreamsTestDriver.deadLetters(driver, topic);
    }

    @Override
    public void afterEach(final ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        if (driver != null) {
            driver.close();
        }
    }
}
