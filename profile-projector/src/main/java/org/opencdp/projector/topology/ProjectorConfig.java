package org.opencdp.projector.topology;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

import org.opencdp.projector.customer.CommandLimits;
import org.opencdp.schemas.serde.SchemaRegistry;

/**
 * What the topology needs from outside: the schema registry its serdes talk to, the command limits, the
 * time zone dates without one are read in (the workspace's), and how long a command with an idempotency
 * key is remembered (the workspace's dedup window).
 */
public record ProjectorConfig(SchemaRegistry registry, CommandLimits limits, ZoneId timeZone, Duration dedupWindow) {

    public ProjectorConfig {
        Objects.requireNonNull(registry);
        Objects.requireNonNull(limits);
        Objects.requireNonNull(timeZone);
        if (dedupWindow.isNegative() || dedupWindow.isZero()) {
            throw new IllegalArgumentException("The dedup window must be positive: " + dedupWindow);
        }
    }
}
