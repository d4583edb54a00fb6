package org.opencdp.ingest.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Rate limits a test can reach in a few requests: a burst of 3, refilled at one request per 100 s (so a test sees
 * the bucket as it left it), and 5 failed authentications a minute.
 */
public class TightRateLimits implements QuarkusTestResourceLifecycleManager {

    public static final int BURST = 3;
    public static final int FAILED_AUTHENTICATIONS = 5;

    @Override
    public Map<String, String> start() {
        return Map.of("cdp.rate-limit.per-second", "0.01",
                "cdp.rate-limit.burst", Integer.toString(BURST),
                "cdp.rate-limit.failed-authentications-per-minute", Integer.toString(FAILED_AUTHENTICATIONS));
    }

    @Override
    public void stop() {
        // Nothing was started.
    }
}
