package org.opencdp.trigger;

import java.util.ArrayList;
import java.util.HashMap;
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
        final Map<String, String> config = new HashMap<>(infrastructure().quarkusTestConfig(freePort(), "workflow-trigger-it"));
        config.put("quarkus.kafka-streams.application-id", "workflow-trigger-it-" + UUID.randomUUID());
        return config;
    }

    public static int freePort() {
        return SharedInfrastructure.freePort();
    }

    @Override
    public void stop() {
        // The shared broker and registry stop when the test JVM exits.
    }
}
