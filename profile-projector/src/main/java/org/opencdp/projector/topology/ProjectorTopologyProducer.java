package org.opencdp.projector.topology;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.opencdp.platform.access.DeletedWorkspaces;
import org.opencdp.platform.access.Workspace;
import org.opencdp.platform.access.WorkspaceTimeZones;
import org.opencdp.projector.segment.SegmentSets;
import org.opencdp.platform.kafka.FollowedDirectory;
import org.opencdp.platform.kafka.KafkaClients;
import org.opencdp.projector.history.HistoryBounds;
import org.opencdp.projector.history.HistorySettings;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.values.Limits;
import org.opencdp.projector.customer.ProfileBound;
import org.opencdp.schemas.serde.SchemaRegistry;

/**
 * The one topology Quarkus runs, its serdes on the platform's schema registry client ({@code StreamsEdge}), the
 * deleted workspaces read from the followed workspaces topic.
 */
@ApplicationScoped
public class ProjectorTopologyProducer {

    private static final Logger LOG = Logger.getLogger(ProjectorTopologyProducer.class);

    @Produces
    @Singleton
    FoldedOffsets foldedOffsets() {
        return new FoldedOffsets();
    }

    @Produces
    @Singleton
    Topology topology(final SchemaRegistry registry, final FoldedOffsets folded, final KafkaClients clients,
                      final FollowedDirectory workspaces, final SegmentSets segments,
                      @ConfigProperty(name = "cdp.projector.time-zone", defaultValue = "UTC") final ZoneId timeZone,
                      @ConfigProperty(name = "cdp.projector.dedup-window") final Duration dedupWindow,
                      @ConfigProperty(name = "cdp.projector.merge-undo-commands") final int undoableCommands,
                      @ConfigProperty(name = "cdp.projector.max-profile-bytes") final int maxProfileBytes,
                      @ConfigProperty(name = "cdp.projector.history.enabled") final boolean history,
                      @ConfigProperty(name = "cdp.projector.history.max-entries") final int historyEntries,
                      @ConfigProperty(name = "cdp.projector.history.retention") final Duration historyRetention) {
        return ProjectorTopology.build(new ProjectorConfig(registry, Limits.DEFAULTS, timeZone, dedupWindow,
                undoableCommands, folded, new ProfileBound(maxProfileBytes), commandPartitions(clients),
                DeletedWorkspaces.of(workspaces), WorkspaceTimeZones.of(workspaces),
                new HistorySettings(history, new HistoryBounds(historyEntries, historyRetention),
                        (workspace, deployment) -> workspaces.workspace(workspace).flatMap(Workspace::history)
                                .map(own -> new HistoryBounds(own.maxEntries().orElse(deployment.maxEntries()),
                                        own.retentionDays().map(Duration::ofDays).orElse(deployment.retention())))))
                .withSegments(segments));
    }

    /**
     * customer-commands' partition count, for the fold's check that each command was written where its key belongs;
     * 0 (no check, said in the log) when the broker does not tell within 10 s at start.
     */
    private static int commandPartitions(final KafkaClients clients) {
        final String topic = Topics.CUSTOMER_COMMANDS.name();
        try (Admin admin = clients.admin("profile-projector-partitions")) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warnf("Cannot learn how many partitions %s has (%s): commands are not checked for their partition",
                    topic, e.toString());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
