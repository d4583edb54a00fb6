package org.opencdp.projector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import org.opencdp.embedded.QuarkusService;
import org.opencdp.embedded.SharedInfrastructure;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.Topics;

/**
 * A real broker and schema registry (shared by every IT of this JVM) with the platform's topics, and a
 * projector configured to use them, reachable for interactive queries on a port chosen up front.
 */
public class ProjectorInfrastructure implements QuarkusTestResourceLifecycleManager {

    public static final int PARTITIONS = 3;

    /** Starts the shared broker and registry, once per JVM, and creates the topics (idempotent). */
    public static SharedInfrastructure infrastructure() {
        final SharedInfrastructure infrastructure = SharedInfrastructure.get();
        final Set<String> compacted = Topics.ALL.stream().filter(Topic::compacted).map(Topic::name).collect(Collectors.toSet());
        infrastructure.createTopics(Topics.ALL_NAMES, PARTITIONS, compacted);
        return infrastructure;
    }

    /**
     * One projector instance from the fast-jar built by {@code package}, in consumer group {@code applicationId},
     * on the shared broker and registry, with its own state directory; its log goes to {@code target/<name>.log}.
     */
    public static QuarkusService launchJar(final String name, final int port, final String applicationId) throws IOException {
        final SharedInfrastructure infrastructure = infrastructure();
        final QuarkusService instance = new QuarkusService("projector-" + name, Path.of("target/quarkus-app/quarkus-run.jar"),
                port, Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", infrastructure.bootstrapServers(),
                "CDP_SCHEMA_REGISTRY_URL", infrastructure.registryUrl(),
                "CDP_WORKSPACE_SECRET", "demo-secret",
                "CDP_WORKSPACE_TOKEN", "demo-token",
                "QUARKUS_KAFKA_STREAMS_APPLICATION_ID", applicationId,
                "QUARKUS_KAFKA_STREAMS_APPLICATION_SERVER", "127.0.0.1:" + port,
                "KAFKA_STREAMS_STATE_DIR", Files.createTempDirectory("projector-" + name + "-state").toString()),
                Path.of("target", name + ".log"), "256m");
        instance.start();
        return instance;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> start() {
        final SharedInfrastructure infrastructure = infrastructure();
        final int port = freePort();
        try {
            return Map.of(
                    "kafka.bootstrap.servers", infrastructure.bootstrapServers(),
                    "cdp.schema-registry.url", infrastructure.registryUrl(),
                    "quarkus.http.test-port", Integer.toString(port),
                    "quarkus.kafka-streams.application-server", "localhost:" + port,
                    "kafka-streams.state.dir", Files.createTempDirectory("projector-it-state").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // The broker and registry are shared by the JVM's ITs and stop when it exits.
    }
}
