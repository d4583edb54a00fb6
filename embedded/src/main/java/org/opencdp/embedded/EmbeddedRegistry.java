package org.opencdp.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A real schema registry: Apicurio Registry (unpacked from Maven Central at build time) in a child JVM on
 * loopback, used through its Confluent-compatible API. Global compatibility is set to BACKWARD, the Confluent
 * registry's default (Apicurio's own default is none). Output goes to {@code registry.log} in the work dir.
 */
public final class EmbeddedRegistry extends ChildService {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Ample for a registry holding the platform's few dozen schemas. */
    private static final String HEAP = "-Xmx256m";
    private static final String CONFLUENT_CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String QUARKUS_MAIN = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";
    public static final String CONFLUENT_API_PATH = "/apis/ccompat/v7";
    static final String CORE_API_PATH = "/apis/registry/v3";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final int port;

    private EmbeddedRegistry(final ChildProcess process, final int port) {
        super(process);
        this.port = port;
    }

    /** A registry on a free port keeping schemas in memory (they are gone when it stops): for tests. */
    public static EmbeddedRegistry startInMemory(final Path workDir) {
        return startInMemory(0, workDir);
    }

    /** A registry on {@code port} (0 picks a free one) keeping schemas in memory: for tests. */
    public static EmbeddedRegistry startInMemory(final int port, final Path workDir) {
        return start(port, workDir, List.of());
    }

    /**
     * A registry on {@code port} (0 picks a free one) keeping schemas in Apicurio's KafkaSQL journal topic
     * ({@code kafkasql-journal}, created by the registry) on {@code bootstrapServers}: schemas and ids survive
     * restarts of the registry as long as the broker keeps its data.
     */
    public static EmbeddedRegistry startOnKafka(final int port, final String bootstrapServers, final Path workDir) {
        return start(port, workDir, List.of(
                "-Dapicurio.storage.kind=kafkasql",
                "-Dapicurio.kafkasql.bootstrap.servers=" + bootstrapServers,
                // Start-up polls the (usually empty) snapshot and journal topics once each: 5 s by default.
                "-Dapicurio.kafkasql.consumer.poll.timeout=500"));
    }

    /** The Confluent Schema Registry API, e.g. {@code http://127.0.0.1:8085/apis/ccompat/v7}. */
    public String confluentApiUrl() {
        return baseUrl() + CONFLUENT_API_PATH;
    }

    /** Apicurio's own (core v3) API, which Apicurio's serdes use. */
    public String coreApiUrl() {
        return baseUrl() + CORE_API_PATH;
    }

    public String baseUrl() {
        return "http://" + LocalPorts.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    /**
     * An entrance to this registry that requires HTTP basic credentials ({@code user}:{@code password}) and answers
     * 401 without them; its {@link BasicAuthProxy#baseUrl()} plus {@value #CONFLUENT_API_PATH} is the secured
     * Confluent API. This registry stays reachable without credentials at its own address (the default mode).
     */
    public BasicAuthProxy requiringBasicAuth(final String user, final String password) {
        return BasicAuthProxy.start(baseUrl(), user, password);
    }

    private static EmbeddedRegistry start(final int port, final Path workDir, final List<String> storage) {
        final Path dir = workDir.toAbsolutePath();
        final Path home = home();
        final int httpPort = LocalPorts.orFree(port);
        final int managementPort = LocalPorts.free();
        final List<String> options = new ArrayList<>(List.of(HEAP, "-Xms32m", "-XX:+UseSerialGC",
                // Few requests: the quick compiler alone starts faster and takes less CPU from the tests.
                "-XX:TieredStopAtLevel=1",
                // What quarkus-run.jar's manifest asks for when run with -jar.
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "-Djava.io.tmpdir=" + dir.resolve("tmp"),
                "-Dquarkus.http.host=" + LocalPorts.LOOPBACK,
                "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.management.host=" + LocalPorts.LOOPBACK,
                "-Dquarkus.management.port=" + managementPort,
                "-Dapicurio.storage.snapshot.location=" + dir.resolve("snapshots")));
        options.addAll(storage);
        try {
            Files.createDirectories(dir.resolve("tmp"));
            Files.createDirectories(dir.resolve("snapshots"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the registry's directory " + dir, e);
        }
        final ChildProcess process = ChildProcess.start("schema-registry", options,
                List.of(home.resolve("quarkus-run.jar").toString()), QUARKUS_MAIN, List.of(), dir,
                dir.resolve("registry.log"));
        final EmbeddedRegistry registry = new EmbeddedRegistry(process, httpPort);
        registry.awaitReadyOrStop(START_TIMEOUT, deadline -> registry.awaitReady(deadline, managementPort));
        return registry;
    }

    /** Where the build unpacked the registry (pom.xml writes it into apicurio-registry.properties). */
    private static Path home() {
        final Properties build = new Properties();
        try (InputStream in = EmbeddedRegistry.class.getResourceAsStream("apicurio-registry.properties")) {
            if (in == null) {
                throw new IllegalStateException("apicurio-registry.properties is missing: build the embedded module with Maven");
            }
            build.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read apicurio-registry.properties", e);
        }
        final Path home = Path.of(build.getProperty("home"));
        if (!Files.isRegularFile(home.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException("Apicurio Registry " + build.getProperty("version") + " is not unpacked at "
                    + home + ": rebuild the embedded module (./mvnw -pl embedded install)");
        }
        return home;
    }

    /**
     * Ready when the health check says so and the Confluent API answers (storage bootstrapped); then the global
     * compatibility is set.
     */
    private void awaitReady(final Instant deadline, final int managementPort) throws InterruptedException {
        // Apicurio serves health on its management port at the root path (quarkus.management.root-path=/).
        final HttpRequest health = HttpRequest.newBuilder(
                URI.create("http://" + LocalPorts.LOOPBACK + ":" + managementPort + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        final HttpRequest subjects = HttpRequest.newBuilder(URI.create(confluentApiUrl() + "/subjects"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        process().awaitUntil(() -> answersOk(health) && answersOk(subjects), deadline,
                "The schema registry is not ready after " + START_TIMEOUT);
        setGlobalCompatibility("BACKWARD");
    }

    private boolean answersOk(final HttpRequest request) throws InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYetListening) {
            return false;
        }
    }

    private void setGlobalCompatibility(final String level) {
        final HttpRequest request = HttpRequest.newBuilder(URI.create(confluentApiUrl() + "/config"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", CONFLUENT_CONTENT_TYPE)
                .header("Accept", CONFLUENT_CONTENT_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + level + "\"}"))
                .build();
        try {
            final HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Setting the registry's compatibility to " + level + " failed: HTTP "
                        + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot set the registry's compatibility", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while configuring the schema registry", e);
        }
    }
}
