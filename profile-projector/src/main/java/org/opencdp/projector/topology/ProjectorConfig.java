package org.opencdp.projector.topology;

import java.time.ZoneId;
import java.util.Objects;

import org.opencdp.projector.customer.CommandLimits;
import org.opencdp.schemas.serde.SchemaRegistry;

/**
 * What the topology needs from outside: the schema registry its serdes talk to, the command limits, and
 * the time zone dates without one are read in (the workspace's; UTC until workspaces carry their own).
 */
public record ProjectorConfig(SchemaRegistry registry, CommandLimits limits, ZoneId timeZone) {

    public ProjectorConfig {
        Objects.requireNonNull(registry);
        Objects.requireNonNull(limits);
        Objects.requireNonNull(timeZone);
    }
}
