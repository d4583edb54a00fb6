package org.opencdp.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One broker and one in-memory registry per JVM, started together on first use in a temporary directory and
 * stopped (the directory deleted) when the JVM exits: a module's integration tests pay the start-up once.
 *
 * <p>Per JVM, not per class loader: Quarkus tests load this class again in each application class loader, so
 * the started infrastructure's addresses are published as system properties, which every later copy of this
 * class attaches to instead of starting another pair.
 *
 * @param bootstrapServers the broker's address
 * @param registryBaseUrl  the registry's address without an API path: {@link #registryUrl()} and
 *                         {@link #registryCoreApiUrl()} add theirs
 */
public record SharedInfrastructure(String bootstrapServers, String registryBaseUrl) {

    /** A string literal is one object in the whole JVM (the string pool is shared by all class loaders). */
    private static final Object JVM_WIDE_LOCK = "org.opencdp.embedded.SharedInfrastructure";
    private static final String BOOTSTRAP_PROPERTY = "opencdp.embedded.shared.bootstrap-servers";
    private static final String REGISTRY_PROPERTY = "opencdp.embedded.shared.registry-base-url";
    private static final String FAILURE_PROPERTY = "opencdp.embedded.shared.start-failure";

    private static SharedInfrastructure instance;

    /** The JVM's broker and registry, started by the first call (which waits until both are ready). */
    public static SharedInfrastructure get() {
        synchronized (JVM_WIDE_LOCK) {
            if (instance == null) {
                instance = attachOrStart();
            }
            return instance;
        }
    }

    /** The registry's Confluent-compatible API, e.g. {@code http://127.0.0.1:41234/apis/ccompat/v7}. */
    public String registryUrl() {
        return registryBaseUrl + EmbeddedRegistry.CONFLUENT_API_PATH;
    }

    /**
     * A streams service's configuration under {@code @QuarkusTest} on this broker and registry: the HTTP test
     * port chosen up front, so that its {@code application.server} is where it really listens, and a fresh
     * state directory named after {@code stateDirPrefix}.
     */
    public Map<String, String> quarkusTestConfig(final int port, final String stateDirPrefix) {
        return Map.of(
                "kafka.bootstrap.servers", bootstrapServers(),
                "cdp.schema-registry.url", registryUrl(),
                "quarkus.http.test-port", Integer.toString(port),
                "quarkus.kafka-streams.application-server", "localhost:" + port,
                "kafka-streams.state.dir", tempDirectory(stateDirPrefix).toString());
    }

    /**
     * The environment of a streams service's built jar ({@link QuarkusService}) on this broker and registry: the
     * demo workspace's credentials (in dev mode, where they are accepted), consumer group {@code applicationId}, reachable for interactive queries on
     * {@code port}, with a fresh state directory named after {@code name}.
     */
    public Map<String, String> serviceEnvironment(final String name, final int port, final String applicationId) {
        return Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers(),
                "CDP_SCHEMA_REGISTRY_URL", registryUrl(),
                "CDP_WORKSPACE_SECRET", "demo-secret",
                "CDP_WORKSPACE_TOKEN", "demo-token",
                // No ingest-api provisions the demo workspace here: the service admits it from configuration.
                "CDP_ACCESS_CONFIGURED_FALLBACK", "true",
                "CDP_DEV_MODE", "true",
                "QUARKUS_KAFKA_STREAMS_APPLICATION_ID", applicationId,
                "QUARKUS_KAFKA_STREAMS_APPLICATION_SERVER", "127.0.0.1:" + port,
                "KAFKA_STREAMS_STATE_DIR", tempDirectory(name + "-state").toString());
    }

    /** A loopback port free at the time of the call, outside the ephemeral range ({@link LocalPorts#free}). */
    public static int freePort() {
        return LocalPorts.free();
    }

    private static Path tempDirectory(final String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The registry's own (core v3) API, which Apicurio's serdes use. */
    public String registryCoreApiUrl() {
        return registryBaseUrl + EmbeddedRegistry.CORE_API_PATH;
    }

    /** See {@link EmbeddedKafka#createTopics}: creates the missing ones, waits until all have leaders. */
    public void createTopics(final Collection<String> names, final int partitions, final Set<String> compacted) {
        TopicCreation.create(bootstrapServers, Map.of(), names, partitions, compacted);
    }

    private static SharedInfrastructure attachOrStart() {
        final String failure = System.getProperty(FAILURE_PROPERTY);
        if (failure != null) {
            throw new IllegalStateException("The shared broker and registry failed to start earlier in this JVM: " + failure);
        }
        final String bootstrap = System.getProperty(BOOTSTRAP_PROPERTY);
        final String registry = System.getProperty(REGISTRY_PROPERTY);
        if (bootstrap != null && registry != null) {
            return new SharedInfrastructure(bootstrap, registry);
        }
        try {
            final SharedInfrastructure started = start();
            System.setProperty(BOOTSTRAP_PROPERTY, started.bootstrapServers);
            System.setProperty(REGISTRY_PROPERTY, started.registryBaseUrl);
            return started;
        } catch (RuntimeException e) {
            System.setProperty(FAILURE_PROPERTY, String.valueOf(e.getMessage()));
            throw e;
        }
    }

    private static SharedInfrastructure start() {
        final Path dir;
        try {
            dir = Files.createTempDirectory("opencdp-infrastructure-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for the shared infrastructure", e);
        }
        // Both start in parallel: the in-memory registry does not need the broker.
        final CompletableFuture<EmbeddedRegistry> registryStart =
                CompletableFuture.supplyAsync(() -> EmbeddedRegistry.startInMemory(dir.resolve("registry")));
        final EmbeddedKafka kafka;
        try {
            kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        } catch (RuntimeException e) {
            registryStart.thenAccept(EmbeddedRegistry::stop);
            throw e;
        }
        final EmbeddedRegistry registry;
        try {
            registry = registryStart.join();
        } catch (CompletionException e) {
            kafka.stop();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(kafka, registry, dir), "stop-shared-infrastructure"));
        return new SharedInfrastructure(kafka.bootstrapServers(), registry.baseUrl());
    }

    private static void stop(final EmbeddedKafka kafka, final EmbeddedRegistry registry, final Path dir) {
        try {
            registry.stop();
        } finally {
            kafka.stop();
            try {
                Directories.deleteRecursively(dir);
            } catch (IOException e) {
                System.err.println("Could not delete " + dir + ": " + e);
            }
        }
    }
}
