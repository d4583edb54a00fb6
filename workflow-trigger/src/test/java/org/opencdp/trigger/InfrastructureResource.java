package org.opencdp.trigger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.opencdp.embedded.SharedInfrastructure;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.Topics;

/** The real broker and registry of the test JVM, with the platform's topics (3 partitions each). */
public class InfrastructureResource implements QuarkusTestResourceLifecycleManager {

    public static final int PARTITIONS = 3;

    public static SharedInfrastructure infrastructure() {
        final SharedInfrastructure infrastructure = SharedInfrastructure.get();
        final List<String> topics = new ArrayList<>(Topics.ALL_NAMES);
        final Set<String> compacted = Topics.ALL.stream().filter(Topic::compacted).map(Topic::name)
                .collect(Collectors.toSet());
        infrastructure.createTopics(topics, PARTITIONS, compacted);
        return infrastructure;
    }

    @Override
    public Map<String, String> start() {
        final SharedInfrastructure infrastructure = infrastructure();
        final int port = freePort();
        try {
            return Map.of(
                    "kafka.bootstrap.servers", infrastructure.bootstrapServers(),
                    "cdp.schema-registry.url", infrastructure.registryUrl(),
                    // A known port, so that the instance's application.server is where it really listens.
                    "quarkus.http.test-port", Integer.toString(port),
                    "quarkus.kafka-streams.application-server", "localhost:" + port,
                    "quarkus.kafka-streams.application-id", "workflow-trigger-it-" + UUID.randomUUID(),
                    "kafka-streams.state.dir", Files.createTempDirectory("workflow-trigger-it").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // The shared broker and registry stop when the test JVM exits.
    }
}
