package org.opencdp.projector.query;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** How long a query may try before answering 503 (values in application.properties). */
@ConfigMapping(prefix = "cdp.projector.query")
public interface QuerySettings {

    /** Tries, the first included, while the key's partition has no available owner. */
    int attempts();

    /** Pause between two tries. */
    Duration retryBackoff();

    /** Longest wait for the owning instance's answer to a forwarded query. */
    Duration forwardTimeout();
}
