package org.opencdp.projector.topology;

import java.time.Duration;
import java.time.ZoneId;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.opencdp.schemas.values.Limits;
import org.opencdp.projector.customer.ProfileBound;
import org.opencdp.schemas.serde.SchemaRegistry;

/** The one topology Quarkus runs, its serdes on the platform's schema registry client ({@code StreamsEdge}). */
@ApplicationScoped
public class ProjectorTopologyProducer {

    @Produces
    @Singleton
    FoldedOffsets foldedOffsets() {
        return new FoldedOffsets();
    }

    @Produces
    @Singleton
    Topology topology(final SchemaRegistry registry, final FoldedOffsets folded,
                      @ConfigProperty(name = "cdp.projector.time-zone", defaultValue = "UTC") final ZoneId timeZone,
                      @ConfigProperty(name = "cdp.projector.dedup-window") final Duration dedupWindow,
                      @ConfigProperty(name = "cdp.projector.merge-undo-commands") final int undoableCommands,
                      @ConfigProperty(name = "cdp.projector.max-profile-bytes") final int maxProfileBytes) {
        return ProjectorTopology.build(new ProjectorConfig(registry, Limits.DEFAULTS, timeZone, dedupWindow,
                undoableCommands, folded, new ProfileBound(maxProfileBytes)));
    }
}
