package org.opencdp.ingest.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import org.opencdp.embedded.SharedInfrastructure;

/** A real Kafka, but the schema registry at a port where nothing listens. */
public class UnreachableRegistry implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        final SharedInfrastructure infrastructure = EmbeddedInfrastructure.infrastructure();
        return Map.of("kafka.bootstrap.servers", infrastructure.bootstrapServers(),
                "cdp.schema-registry.url", "http://127.0.0.1:" + ClosedPort.find() + "/apis/ccompat/v7",
                "cdp.ingest.publish.timeout", "2s");
    }

    @Override
    public void stop() {
        // Nothing was started for this resource alone.
    }
}
