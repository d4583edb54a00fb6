package org.opencdp.projector.query;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long a query may try before answering 503 (values in application.properties). */
@ConfigMapping(prefix = "cdp.projector.query")
public interface QuerySettings {

    /** Tries, the first included, while the data has no available holder. */
    int attempts();

    /** Pause between two tries. */
    Duration retryBackoff();

    /** Longest wait for another instance's answer to a forwarded query (plus the consistency wait, if any). */
    Duration forwardTimeout();

    /** Longest a read with a consistency token waits for the store to reach the token's position. */
    @WithDefault("5s")
    Duration consistencyWait();

    /** Pause between two looks at the store while a read waits for a consistency token. */
    @WithDefault("20ms")
    Duration consistencyPoll();
}
