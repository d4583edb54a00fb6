package org.opencdp.projector;

import java.io.IOException;
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
                port, infrastructure.serviceEnvironment("projector-" + name, port, applicationId),
                Path.of("target", name + ".log"), "256m");
        instance.start();
        return instance;
    }

    public static int freePort() {
        return SharedInfrastructure.freePort();
    }

    @Override
    public Map<String, String> start() {
        return infrastructure().quarkusTestConfig(freePort(), "projector-it-state");
    }

    @Override
    public void stop() {
        // The broker and registry are shared by the JVM's ITs and stop when it exits.
    }
}
