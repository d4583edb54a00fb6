package org.opencdp.projector.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.opencdp.avro.SegmentKey;
import org.opencdp.avro.StoredSegment;
import org.opencdp.platform.kafka.CompactedTopicFollower;
import org.opencdp.platform.kafka.KafkaClients;
import org.opencdp.platform.kafka.Visibility;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.SchemaRegistry;

/**
 * Every workspace's segment definitions, as the compacted {@code segment-definitions} topic holds them (the only
 * place a definition lives): each instance follows the whole topic into memory ({@link CompactedTopicFollower}:
 * committed records, retried with back-off, undecodable records skipped and counted), so every instance answers
 * the same definitions. A write answers once Kafka acknowledged it and this instance shows it (read-your-writes).
 */
@ApplicationScoped
public class SegmentDefinitions {

    /** The bound on definitions held across workspaces: {@code max-per-workspace} for a thousand workspaces. */
    static final int MAX_HELD = 200_000;

    private final CompactedTopicFollower<SegmentKey, StoredSegment> follower;
    private final Visibility visibility = new Visibility();
    private final Producer<SegmentKey, StoredSegment> producer;
    private final Duration visibleWithin;
    private final int maxPerWorkspace;

    SegmentDefinitions(final KafkaClients clients, final SchemaRegistry registry,
                       @ConfigProperty(name = "cdp.projector.segments.write-timeout") final Duration writeTimeout,
                       @ConfigProperty(name = "cdp.projector.segments.max-per-workspace") final int maxPerWorkspace) {
        final var serdes = Topics.SEGMENT_DEFINITIONS.serdes(registry);
        this.follower = new CompactedTopicFollower<>(Topics.SEGMENT_DEFINITIONS.name(), clients,
                "profile-projector-segment-definitions", serdes.key().deserializer(), serdes.value().deserializer(),
                SegmentKey::getWorkspaceId, CompactedTopicFollower.Settings.defaults(MAX_HELD), visibility::check);
        this.producer = clients.producer(Topics.SEGMENT_DEFINITIONS, registry, "profile-projector-segments", writeTimeout);
        this.visibleWithin = writeTimeout;
        this.maxPerWorkspace = maxPerWorkspace;
    }

    void start(@Observes final StartupEvent started) {
        follower.start();
    }

    /** The workspace's segments, by id. */
    public List<StoredSegment> of(final String workspaceId) {
        final List<StoredSegment> segments = new ArrayList<>(follower.group(workspaceId).values());
        segments.sort(Comparator.comparing(StoredSegment::getSegmentId));
        return segments;
    }

    public Optional<StoredSegment> find(final String workspaceId, final String segmentId) {
        return follower.get(new SegmentKey(workspaceId, segmentId));
    }

    /** Whether this instance holds every definition the topic had when its follower (re)started, and why not. */
    public CompactedTopicFollower.Readiness readiness() {
        return follower.readiness();
    }

    /** How many segments a workspace may have ({@code cdp.projector.segments.max-per-workspace}). */
    public int maxPerWorkspace() {
        return maxPerWorkspace;
    }

    /**
     * Writes {@code segment}: completes with true once Kafka acknowledged it and this instance shows it, false when
     * it does not show it in time; exceptionally when Kafka did not take it.
     */
    public CompletionStage<Boolean> write(final StoredSegment segment) {
        final SegmentKey key = new SegmentKey(segment.getWorkspaceId(), segment.getSegmentId());
        return publish(key, segment, shown -> shown.map(segment::equals).orElse(false));
    }

    /** Deletes a segment with a tombstone; completes as {@link #write}. */
    public CompletionStage<Boolean> delete(final String workspaceId, final String segmentId) {
        return publish(new SegmentKey(workspaceId, segmentId), null, Optional::isEmpty);
    }

    private CompletionStage<Boolean> publish(final SegmentKey key, final StoredSegment value,
                                             final Predicate<Optional<StoredSegment>> shown) {
        return KafkaClients.acknowledged(producer, new ProducerRecord<>(Topics.SEGMENT_DEFINITIONS.name(), key, value))
                .thenCompose(acknowledged -> visibility.await(() -> shown.test(follower.get(key)), visibleWithin));
    }

    @PreDestroy
    void stop() throws InterruptedException {
        try {
            follower.close();
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
