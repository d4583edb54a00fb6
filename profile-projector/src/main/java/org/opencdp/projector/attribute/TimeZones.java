package org.opencdp.projector.attribute;

import java.time.ZoneId;
import java.util.Objects;
import java.util.function.Function;
import java.util.Optional;

/** The zone a workspace's dates without one are read in: its own, else the deployment's default. */
@FunctionalInterface
public interface TimeZones {

    ZoneId of(String workspaceId);

    /** Every workspace in {@code zone}. */
    static TimeZones fixed(final ZoneId zone) {
        Objects.requireNonNull(zone);
        return workspaceId -> zone;
    }

    /** A workspace's own zone where {@code own} has one, else {@code fallback}. */
    static TimeZones of(final Function<String, Optional<ZoneId>> own, final ZoneId fallback) {
        Objects.requireNonNull(fallback);
        return workspaceId -> own.apply(workspaceId).orElse(fallback);
    }
}
