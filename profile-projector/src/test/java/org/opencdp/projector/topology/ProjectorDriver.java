package org.opencdp.projector.topology;

import static org.opencdp.projector.Commands.key;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.embedded.StreamsTestDriver;
import org.opencdp.projector.TopologyDriver;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.InMemorySchemaRegistry;
import org.opencdp.schemas.values.Limits;

/**
 * The projector's topology under a {@link TopologyTestDriver}, the one fixture of the topology tests: it owns the
 * driver and the schema registry the test's serializers register in, and gives the typed topics and stores.
 * Made in {@code @BeforeEach}, closed in {@code @AfterEach}.
 */
final class ProjectorDriver implements AutoCloseable {

    private final InMemorySchemaRegistry registry;
    private final TopologyTestDriver driver;
    private final TestInputTopic<CustomerKey, CustomerCommand> commands;

    /** The topology with the default configuration (UTC, a 24-hour dedup window) and the driver's defaults. */
    ProjectorDriver(final String applicationId, final Path stateDir) {
        this(new InMemorySchemaRegistry(), StreamsTestDriver.properties(applicationId, stateDir));
    }

    private ProjectorDriver(final InMemorySchemaRegistry registry, final Properties props) {
        this(registry, props, new ProjectorConfig(registry, Limits.DEFAULTS, ZoneOffset.UTC, Duration.ofHours(24)));
    }

    /** The topology of the configuration {@code config} makes over the test's registry, with the driver's defaults. */
    ProjectorDriver(final String applicationId, final Path stateDir,
                    final Function<InMemorySchemaRegistry, ProjectorConfig> config) {
        this(new InMemorySchemaRegistry(), StreamsTestDriver.properties(applicationId, stateDir), config);
    }

    private ProjectorDriver(final InMemorySchemaRegistry registry, final Properties props,
                            final Function<InMemorySchemaRegistry, ProjectorConfig> config) {
        this(registry, props, config.apply(registry));
    }

    /** The topology of {@code config}, run with {@code props}; the test's serializers register in {@code registry}. */
    ProjectorDriver(final InMemorySchemaRegistry registry, final Properties props, final ProjectorConfig config) {
        this.registry = registry;
        this.driver = new TopologyTestDriver(ProjectorTopology.build(config), props);
        this.commands = input(Topics.CUSTOMER_COMMANDS);
    }

    InMemorySchemaRegistry registry() {
        return registry;
    }

    TopologyTestDriver driver() {
        return driver;
    }

    <K extends SpecificRecord, V extends SpecificRecord> TestInputTopic<K, V> input(final Topic<K, V> topic) {
        return TopologyDriver.input(driver, topic, registry);
    }

    <K extends SpecificRecord, V extends SpecificRecord> TestOutputTopic<K, V> output(final Topic<K, V> topic) {
        return TopologyDriver.output(driver, topic, registry);
    }

    TestOutputTopic<byte[], byte[]> deadLetters(final String topic) {
        return StreamsTestDriver.deadLetters(driver, topic);
    }

    <K, V> KeyValueStore<K, V> store(final String name) {
        return driver.getKeyValueStore(name);
    }

    /** Sends {@code command} to customer-commands, keyed by its customer, at its own timestamp. */
    void send(final CustomerCommand command) {
        commands.pipeInput(key(command.getCustomerId()), command, command.getTimestamp());
    }

    @Override
    public void close() {
        driver.close();
    }
}
