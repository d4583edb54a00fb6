package org.opencdp.ingest.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The profile projector at a port where nothing listens. */
public class UnreachableProjector implements QuarkusTestResourceLifecycleManager {

    public static final String RETRY_AFTER_SECONDS = "4";

    @Override
    public Map<String, String> start() {
        return Map.of("cdp.ingest.projector-url", "http://127.0.0.1:" + ClosedPort.find(),
                "cdp.ingest.projector-retry-after", RETRY_AFTER_SECONDS + "s");
    }

    @Override
    public void stop() {
        // Nothing was started.
    }
}
