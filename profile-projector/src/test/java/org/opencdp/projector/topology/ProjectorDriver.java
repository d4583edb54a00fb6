package org.opencdp.projector.topology;

import static org.opencdp.projector.Commands.key;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.Profile;
import org.opencdp.platform.streams.LastResortProcessingHandler;
import org.opencdp.platform.streams.LastResortProductionHandler;
import org.opencdp.embedded.StreamsTestDriver;
import org.opencdp.projector.TopologyDriver;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.InMemorySchemaRegistry;
import org.opencdp.schemas.values.Limits;

/**
 * The projector's topology under a {@link TopologyTestDriver}, the one fixture of the topology tests: it owns the
 * driver and the schema registry the test's serializers register in, and gives the typed topics and stores.
 * Registered with {@code @RegisterExtension} ({@link #perTest}), it starts with the test instance (one a test) in
 * a state directory of its own and is closed after the test; made with the constructor, the test closes it.
 */
final class ProjectorDriver implements AfterEachCallback, AutoCloseable {

    /** The default configuration: UTC, a 24-hour dedup window. */
    static final Function<InMemorySchemaRegistry, ProjectorConfig> DEFAULTS =
            registry -> new ProjectorConfig(registry, Limits.DEFAULTS, ZoneOffset.UTC, Duration.ofHours(24));

    private final Function<InMemorySchemaRegistry, ProjectorConfig> config;
    private final Path stateDir;
    private InMemorySchemaRegistry registry;
    private TopologyTestDriver driver;
    private TestInputTopic<CustomerKey, CustomerCommand> commands;
    /** The driver's wall-clock time at start; null: the real time. */
    private final Instant wallClock;
    /** What the fold decoded of the catalog ({@link CatalogDefinitions}): a test that writes the store clears it. */
    private final CatalogDefinitions catalogDefinitions = new CatalogDefinitions();

    /** Started now, in a state directory of its own: a test instance is made for each test, and this field with it. */
    private ProjectorDriver(final String applicationId, final Function<InMemorySchemaRegistry, ProjectorConfig> config,
                            final boolean asDeployed, final Instant wallClock) {
        this.config = config;
        this.wallClock = wallClock;
        try {
            this.stateDir = Files.createTempDirectory(applicationId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start(new InMemorySchemaRegistry(), asDeployed ? asDeployed(applicationId, stateDir)
                : StreamsTestDriver.properties(applicationId, stateDir));
    }

    /** The topology of the default configuration, with the driver's defaults. */
    static ProjectorDriver perTest(final String applicationId) {
        return perTest(applicationId, DEFAULTS);
    }

    /** The topology of the configuration {@code config} makes over the test's registry. */
    static ProjectorDriver perTest(final String applicationId,
                                   final Function<InMemorySchemaRegistry, ProjectorConfig> config) {
        return new ProjectorDriver(applicationId, config, false, null);
    }

    /** As {@link #perTest(String, Function)}, its wall clock starting at {@code wallClock} (moved by the test). */
    static ProjectorDriver perTest(final String applicationId,
                                   final Function<InMemorySchemaRegistry, ProjectorConfig> config, final Instant wallClock) {
        return new ProjectorDriver(applicationId, config, false, wallClock);
    }

    /**
     * As {@link #perTest(String, Function)}, with the last-resort handlers application.properties configures: the
     * test shows the processors contain failures themselves (a dead letter with headers), not that the last resort
     * skipped the record.
     */
    static ProjectorDriver perTestAsDeployed(final String applicationId,
                                             final Function<InMemorySchemaRegistry, ProjectorConfig> config) {
        return new ProjectorDriver(applicationId, config, true, null);
    }

    /** The topology of {@code config}, run with {@code props}; the test's serializers register in {@code registry}. */
    ProjectorDriver(final InMemorySchemaRegistry registry, final Properties props, final ProjectorConfig config) {
        this.config = ignored -> config;
        this.stateDir = null;
        this.wallClock = null;
        start(registry, props);
    }

    /** The driver's properties with the last-resort handlers application.properties configures. */
    static Properties asDeployed(final String applicationId, final Path stateDir) {
        final Properties props = StreamsTestDriver.properties(applicationId, stateDir);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LastResortProcessingHandler.class);
        props.put(StreamsConfig.DEFAULT_PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, LastResortProductionHandler.class);
        return props;
    }

    private void start(final InMemorySchemaRegistry testRegistry, final Properties props) {
        this.registry = testRegistry;
        final Topology topology = ProjectorTopology.build(config.apply(testRegistry), catalogDefinitions);
        this.driver = wallClock == null ? new TopologyTestDriver(topology, props)
                : new TopologyTestDriver(topology, props, wallClock);
        this.commands = input(Topics.CUSTOMER_COMMANDS);
    }

    @Override
    public void afterEach(final ExtensionContext context) throws IOException {
        close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** After the test changed the catalog store itself (as no processor but the catalog's does): the fold reads it again. */
    void catalogChangedBehindTheProcessors() {
        catalogDefinitions.clear();
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

    /** The profiles the fold keeps ({@link ProjectorTopology#PROFILE_STORE}). */
    KeyValueStore<CustomerKey, Profile> profiles() {
        return store(ProjectorTopology.PROFILE_STORE);
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
