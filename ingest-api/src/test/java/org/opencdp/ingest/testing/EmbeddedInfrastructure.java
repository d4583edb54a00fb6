package org.opencdp.ingest.testing;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import org.opencdp.embedded.SharedInfrastructure;
import org.opencdp.schemas.Topics;

/**
 * A real Kafka broker and schema registry for the service under test (one per test JVM, stopped at its
 * exit), with every platform topic created: 3 partitions, compacted where the platform compacts.
 */
public class EmbeddedInfrastructure implements QuarkusTestResourceLifecycleManager {

    public static final int PARTITIONS = 3;

    /** The shared broker and registry, topics created. */
    public static SharedInfrastructure infrastructure() {
        final SharedInfrastructure infrastructure = SharedInfrastructure.get();
        final Set<String> compacted = Topics.ALL_NAMES.stream().filter(Topics::isCompacted).collect(Collectors.toSet());
        infrastructure.createTopics(Topics.ALL_NAMES, PARTITIONS, compacted);
        return infrastructure;
    }

    @Override
    public Map<String, String> start() {
        final SharedInfrastructure infrastructure = infrastructure();
        return Map.of("kafka.bootstrap.servers", infrastructure.bootstrapServers(),
                "cdp.schema-registry.url", infrastructure.registryUrl());
    }

    @Override
    public void stop() {
        // The infrastructure is shared by every test class of the JVM and stops when the JVM exits.
    }
}
