package org.opencdp.projector.query;

import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.StartupEvent;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.opencdp.avro.SegmentBackfill;
import org.opencdp.avro.SegmentBackfillKey;
import org.opencdp.avro.SegmentKey;
import org.opencdp.avro.SegmentSize;
import org.opencdp.avro.SegmentSizeKey;
import org.opencdp.avro.StoredSegment;
import org.opencdp.platform.access.WorkspaceTimeZones;
import org.opencdp.platform.kafka.CompactedTopicFollower;
import org.opencdp.platform.kafka.FollowedDirectory;
import org.opencdp.platform.kafka.KafkaClients;
import org.opencdp.platform.kafka.Visibility;
import org.opencdp.platform.streams.StoreKey;
import org.opencdp.projector.attribute.TimeZones;
import org.opencdp.projector.segment.SegmentDefinition;
import org.opencdp.projector.segment.SegmentParser;
import org.opencdp.projector.segment.SegmentSet;
import org.opencdp.projector.segment.SegmentSets;
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
    /** Decimals as written, as the routes read them. */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Logger LOG = Logger.getLogger(SegmentDefinitions.class);

    private final CompactedTopicFollower<SegmentKey, StoredSegment> follower;
    /** Each partition's last complete backfill of each workspace's segments: what a segment's status is read from. */
    private final CompactedTopicFollower<SegmentBackfillKey, SegmentBackfill> backfills;
    /** Each segment's member count on each partition: a segment's size is their sum. */
    private final CompactedTopicFollower<SegmentSizeKey, SegmentSize> sizes;
    private final Visibility visibility = new Visibility();
    private final Producer<SegmentKey, StoredSegment> producer;
    private final Duration visibleWithin;
    private final int maxPerWorkspace;
    private final TimeZones zones;
    /** Each workspace's parsed segments, as of the follower's {@code changes()} they were parsed at. */
    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    private record Parsed(long changes, Map<String, SegmentDefinition> definitions, SegmentSet set) {
    }

    /** No segments (or none read yet): nothing to evaluate. */
    private static final Parsed NONE = new Parsed(-1, Map.of(), SegmentSet.EMPTY);
    /** Whether the follower has read the whole topic once: later outages only delay what it holds. */
    private volatile boolean loaded;
    /** {@link #versions()}, as of the follower's {@code changes()}. */
    private volatile Versions versions;
    private final boolean countEveryEvent;

    SegmentDefinitions(final KafkaClients clients, final SchemaRegistry registry, final FollowedDirectory workspaces,
                       @ConfigProperty(name = "cdp.projector.time-zone", defaultValue = "UTC") final ZoneId timeZone,
                       @ConfigProperty(name = "cdp.projector.segments.write-timeout") final Duration writeTimeout,
                       @ConfigProperty(name = "cdp.projector.segments.max-per-workspace") final int maxPerWorkspace,
                       @ConfigProperty(name = "cdp.projector.segments.count-every-event") final boolean countEveryEvent) {
        final var serdes = Topics.SEGMENT_DEFINITIONS.serdes(registry);
        this.follower = new CompactedTopicFollower<>(Topics.SEGMENT_DEFINITIONS.name(), clients,
                "profile-projector-segment-definitions", serdes.key().deserializer(), serdes.value().deserializer(),
                SegmentKey::getWorkspaceId, CompactedTopicFollower.Settings.defaults(MAX_HELD), visibility::check);
        this.producer = clients.producer(Topics.SEGMENT_DEFINITIONS, registry, "profile-projector-segments", writeTimeout);
        final var backfillSerdes = Topics.SEGMENT_BACKFILLS.serdes(registry);
        this.backfills = new CompactedTopicFollower<>(Topics.SEGMENT_BACKFILLS.name(), clients,
                "profile-projector-segment-backfills", backfillSerdes.key().deserializer(),
                backfillSerdes.value().deserializer(), SegmentBackfillKey::getWorkspaceId,
                CompactedTopicFollower.Settings.defaults(MAX_HELD), () -> { });
        final var sizeSerdes = Topics.SEGMENT_SIZES.serdes(registry);
        this.sizes = new CompactedTopicFollower<>(Topics.SEGMENT_SIZES.name(), clients,
                "profile-projector-segment-sizes", sizeSerdes.key().deserializer(), sizeSerdes.value().deserializer(),
                key -> StoreKey.of(key.getWorkspaceId(), key.getSegmentId()),
                CompactedTopicFollower.Settings.defaults(MAX_HELD * 4), () -> { });
        this.visibleWithin = writeTimeout;
        this.maxPerWorkspace = maxPerWorkspace;
        this.countEveryEvent = countEveryEvent;
        this.zones = TimeZones.of(WorkspaceTimeZones.of(workspaces)::of, timeZone);
    }

    void start(@Observes final StartupEvent started) {
        follower.start();
        backfills.start();
        sizes.start();
    }

    /**
     * How many members the segment has: the sum of the counts each partition's fold keeps on every entry and exit,
     * as last sent (at most a second behind the fold).
     */
    public long size(final String workspaceId, final String segmentId) {
        return sizes.group(StoreKey.of(workspaceId, segmentId)).values().stream().mapToLong(SegmentSize::getMembers).sum();
    }

    /** A segment's membership state: {@code live} once every partition has backfilled this version of it. */
    public enum Status {
        BACKFILLING, LIVE;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * {@link Status#LIVE} once every partition of customer-commands has walked its profiles against
     * {@code version} (or a later one) of the segment; until then, and while the partition count is unknown,
     * {@link Status#BACKFILLING}.
     */
    public Status status(final String workspaceId, final String segmentId, final long version) {
        final Map<SegmentBackfillKey, SegmentBackfill> done = backfills.group(workspaceId);
        final int partitions = done.values().stream().mapToInt(SegmentBackfill::getPartitions).max().orElse(0);
        final long caughtUp = done.entrySet().stream()
                .filter(entry -> entry.getValue().getVersions().getOrDefault(segmentId, 0L) >= version)
                .map(entry -> entry.getKey().getPartition()).distinct().count();
        return partitions > 0 && caughtUp >= partitions ? Status.LIVE : Status.BACKFILLING;
    }

    /**
     * Every workspace with segments, each segment's version: what the fold's backfill walks against. The same map
     * (the same instance) until the topic changes, so a caller can tell a change by identity.
     */
    public Map<String, Map<String, Long>> versions() {
        if (!loaded && !follower.readiness().ready()) {
            return Map.of();
        }
        final long changes = follower.changes();
        final Versions cached = versions;
        if (cached != null && cached.changes() == changes) {
            return cached.byWorkspace();
        }
        final Map<String, Map<String, Long>> byWorkspace = new HashMap<>();
        for (final String workspace : follower.groups()) {
            final Map<String, Long> segments = new HashMap<>();
            follower.group(workspace).values().forEach(segment -> segments.put(segment.getSegmentId(), segment.getVersion()));
            if (!segments.isEmpty()) {
                byWorkspace.put(workspace, Map.copyOf(segments));
            }
        }
        final Map<String, Map<String, Long>> fresh = Map.copyOf(byWorkspace);
        versions = new Versions(changes, fresh);
        return fresh;
    }

    private record Versions(long changes, Map<String, Map<String, Long>> byWorkspace) {
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

    /** The zone a workspace's dates without one are read in, in its segments' conditions as in its writes. */
    public ZoneId zone(final String workspaceId) {
        return zones.of(workspaceId);
    }

    /**
     * The workspace's segments as the fold evaluates them (parsed as stored: {@link SegmentParser#stored}), by id;
     * parsed again only after the topic changed.
     */
    public Map<String, SegmentDefinition> definitions(final String workspaceId) {
        return current(workspaceId).definitions();
    }

    /** {@link #definitions} in evaluation order: what the fold evaluates for each customer it changes. */
    public SegmentSet set(final String workspaceId) {
        return current(workspaceId).set();
    }

    /** Whether the fold counts every event name (else only those some segment counts): {@link SegmentSets#countEveryEvent}. */
    public boolean countsEveryEvent() {
        return countEveryEvent;
    }

    /** The fold's view of every workspace's segments: these, as this instance follows them. */
    @Produces
    @Singleton
    SegmentSets segmentSets() {
        return new SegmentSets() {
            @Override
            public SegmentSet of(final String workspaceId) {
                return set(workspaceId);
            }

            @Override
            public Map<String, Map<String, Long>> versions() {
                return SegmentDefinitions.this.versions();
            }

            @Override
            public boolean loaded() {
                return loaded || follower.readiness().ready();
            }

            @Override
            public boolean countEveryEvent() {
                return countEveryEvent;
            }
        };
    }

    private Parsed current(final String workspaceId) {
        if (!loaded) {
            // Until the topic has been read to its end once, a workspace's segments may be missing some: evaluating
            // against them would take customers out of segments that are merely not read yet. So none are evaluated.
            if (!follower.readiness().ready()) {
                return NONE;
            }
            loaded = true;
        }
        final long changes = follower.changes();
        final Parsed cached = parsed.get(workspaceId);
        if (cached != null && cached.changes() == changes) {
            return cached;
        }
        final Map<SegmentKey, StoredSegment> stored = follower.group(workspaceId);
        if (stored.isEmpty()) {
            // The fold asks for every command: a workspace without segments allocates and writes nothing.
            if (cached != null) {
                parsed.remove(workspaceId);
            }
            return NONE;
        }
        final SegmentParser parser = SegmentParser.stored(zone(workspaceId));
        final Map<String, SegmentDefinition> definitions = new HashMap<>();
        for (final StoredSegment segment : stored.values()) {
            parse(parser, segment).ifPresent(definition -> definitions.put(definition.id(), definition));
        }
        final Parsed fresh = new Parsed(changes, Map.copyOf(definitions), SegmentSet.of(definitions.values()));
        parsed.put(workspaceId, fresh);
        return fresh;
    }

    /** A stored definition read back; empty (logged) for one that is not a definition, which only another writer makes. */
    private static Optional<SegmentDefinition> parse(final SegmentParser parser, final StoredSegment segment) {
        final Map<String, Object> tree = new LinkedHashMap<>();
        try {
            tree.putAll(JSON.readValue(segment.getDefinition(), Map.class));
        } catch (IOException | ClassCastException e) {
            LOG.warnf("Segment %s/%s has a definition that is not a JSON object: %s", segment.getWorkspaceId(),
                    segment.getSegmentId(), e.toString());
            return Optional.empty();
        }
        tree.put("name", segment.getName());
        return switch (parser.parse(segment.getSegmentId(), tree, Map.of())) {
            case SegmentParser.Parsed.Valid valid -> Optional.of(valid.definition());
            case SegmentParser.Parsed.Invalid invalid -> {
                LOG.warnf("Segment %s/%s is stored but not a valid definition: %s", segment.getWorkspaceId(),
                        segment.getSegmentId(), invalid.problems());
                yield Optional.empty();
            }
        };
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
            backfills.close();
            sizes.close();
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
