package org.opencdp.ingest.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import org.opencdp.embedded.SharedInfrastructure;

/** A real registry, but Kafka at a port where nothing listens; Kafka waits are bounded at 2 s. */
public class UnreachableKafka implements QuarkusTestResourceLifecycleManager {

    public static final String RETRY_AFTER_SECONDS = "7";

    @Override
    public Map<String, String> start() {
        final SharedInfrastructure infrastructure = EmbeddedInfrastructure.infrastructure();
        return Map.of("kafka.bootstrap.servers", "127.0.0.1:" + ClosedPort.find(),
                "cdp.schema-registry.url", infrastructure.registryUrl(),
                "cdp.ingest.publish.timeout", "2s",
                "cdp.ingest.publish.retry-after", RETRY_AFTER_SECONDS + "s");
    }

    @Override
    public void stop() {
        // Nothing was started for this resource alone.
    }
}
