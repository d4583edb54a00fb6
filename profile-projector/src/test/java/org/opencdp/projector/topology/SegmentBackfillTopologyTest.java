package org.opencdp.projector.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.projector.Commands.deleteCustomer;
import static org.opencdp.projector.Commands.event;
import static org.opencdp.projector.Commands.fields;
import static org.opencdp.projector.Commands.upsert;
import static org.opencdp.projector.topology.TestSegments.definition;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.IntegerValue;
import org.opencdp.avro.SegmentBackfill;
import org.opencdp.avro.SegmentBackfillKey;
import org.opencdp.avro.SegmentMembership;
import org.opencdp.avro.SegmentMembershipKey;
import org.opencdp.platform.streams.StoreKey;
import org.opencdp.projector.Commands;
import org.opencdp.projector.segment.SegmentDefinition;
import org.opencdp.projector.segment.SegmentSets;
import org.opencdp.projector.topology.TestSegments.Defined;
import org.opencdp.schemas.Topics;

/**
 * Contract section 11: a new or changed segment is backfilled over every existing profile while ingestion goes on,
 * by the same evaluation as the live stream, so the backfill and the live state agree.
 */
class SegmentBackfillTopologyTest {

    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

    private static final SegmentDefinition PROS = definition("pros", """
            {"match":"all","conditions":[{"attribute":"plan","op":"eq","value":"pro"}]}""");
    private static final SegmentDefinition BIG = definition("big", """
            {"match":"any","conditions":[{"attribute":"seats","op":"gte","value":10},{"segment":"pros","op":"in"}]}""");
    private static final SegmentDefinition BUYERS = definition("buyers", """
            {"match":"all","conditions":[{"event":"purchase","op":"gte","count":2,"within":"P30D"}]}""");

    private static ProjectorDriver driver(final String name, final SegmentSets segments) {
        return ProjectorDriver.perTest(name, registry -> ProjectorDriver.DEFAULTS.apply(registry).withSegments(segments), NOW);
    }

    @Test
    void shouldPutExistingCustomersInANewSegmentAndRecordTheCompletedWalk() throws Exception {
        final Defined segments = new Defined();
        try (ProjectorDriver projector = driver("segment-backfill-new", segments)) {
            final TestOutputTopic<CustomerKey, EnrichedEvent> events = projector.output(Topics.ENRICHED_EVENTS);
            final TestOutputTopic<SegmentBackfillKey, SegmentBackfill> walks = projector.output(Topics.SEGMENT_BACKFILLS);
            // Given customers written before any segment exists
            projector.send(upsert("a", "r1", NOW.minusSeconds(60), fields("plan", "pro")));
            projector.send(upsert("b", "r2", NOW.minusSeconds(60), fields("plan", "free")));
            projector.send(upsert("c", "r3", NOW.minusSeconds(60), fields("plan", "pro")));
            projector.driver().advanceWallClockTime(Duration.ofSeconds(1));
            assertThat(walks.isEmpty()).isTrue();
            // When a segment is defined and the clock ticks
            segments.define(1, PROS);
            projector.driver().advanceWallClockTime(Duration.ofSeconds(1));
            // Then the pros enter it, and the walk is recorded with the version it evaluated
            assertThat(events.readValuesToList().stream().filter(e -> e.getName().equals("segment.entered"))
                    .map(EnrichedEvent::getCustomerId)).containsExactly("a", "c");
            final List<KeyValue<SegmentBackfillKey, SegmentBackfill>> recorded = walks.readKeyValuesToList();
            assertThat(recorded).singleElement().satisfies(walk -> {
                assertThat(walk.key).isEqualTo(new SegmentBackfillKey(Commands.WORKSPACE, 0));
                assertThat(walk.value.getVersions()).containsEntry("pros", 1L);
            });
            // And a later tick walks nothing again
            projector.driver().advanceWallClockTime(Duration.ofSeconds(1));
            assertThat(walks.isEmpty()).isTrue();
            // When the segment changes (version 2): walked again
            segments.define(2, PROS, BIG);
            projector.driver().advanceWallClockTime(Duration.ofSeconds(1));
            assertThat(walks.readValuesToList()).singleElement()
                    .satisfies(walk -> assertThat(walk.getVersions()).containsEntry("pros", 2L).containsEntry("big", 2L));
        }
    }

    @Test
    void shouldCarryEachCustomersOwnProfileInEveryEventOfItsWalk() throws Exception {
        final Defined segments = new Defined();
        try (ProjectorDriver projector = driver("segment-backfill-profiles", segments)) {
            final TestOutputTopic<CustomerKey, EnrichedEvent> events = projector.output(Topics.ENRICHED_EVENTS);
            // Given customers written before any segment exists, two of them about to enter two segments at once
            projector.send(upsert("a", "r1", NOW.minusSeconds(60), fields("plan", "pro", "seats", 3L)));
            projector.send(upsert("b", "r2", NOW.minusSeconds(60), fields("plan", "free", "seats", 12L)));
            projector.send(upsert("c", "r3", NOW.minusSeconds(60), fields("plan", "pro", "seats", 20L)));
            projector.driver().advanceWallClockTime(Duration.ofSeconds(1));
            events.readValuesToList();
            // When two segments are defined and the walk runs (outside the fold, one profile encoding per customer)
            segments.define(1, PROS, BIG);
            projector.driver().advanceWallClockTime(Duration.ofSeconds(1));
            // Then every segment.entered event carries its own customer's profile, whole
            final List<EnrichedEvent> entered = events.readValuesToList().stream()
                    .filter(e -> e.getName().equals("segment.entered")).toList();
            assertThat(entered).extracting(EnrichedEvent::getCustomerId).containsExactlyInAnyOrder("a", "a", "b", "c", "c");
            assertThat(entered).allSatisfy(event -> {
                assertThat(event.getProfile().getCustomerId()).isEqualTo(event.getCustomerId());
                assertThat(event.getProfile().getAttributes().get("seats").getValue()).isEqualTo(new IntegerValue(
                        switch (event.getCustomerId()) {
                            case "a" -> 3L;
                            case "b" -> 12L;
                            default -> 20L;
                        }));
            });
        }
    }

    @Test
    void shouldDropEveryMembershipOfAWorkspaceWhoseLastSegmentIsDeleted() throws Exception {
        final Defined segments = new Defined(PROS);
        try (ProjectorDriver projector = driver("segment-backfill-last-deleted", segments)) {
            final TestOutputTopic<SegmentMembershipKey, SegmentMembership> published = projector.output(Topics.SEGMENT_MEMBERSHIPS);
            // Given two pros in the workspace's only segment
            projector.send(upsert("a", "r1", NOW.minusSeconds(60), fields("plan", "pro")));
            projector.send(upsert("b", "r2", NOW.minusSeconds(60), fields("plan", "pro")));
            projector.driver().advanceWallClockTime(Duration.ofSeconds(1));
            assertThat(memberships(projector)).hasSize(2);
            published.readKeyValuesToList();
            // When that segment is deleted (the workspace has none left) and the clock ticks
            segments.define(2);
            projector.driver().advanceWallClockTime(Duration.ofSeconds(1));
            // Then no store keeps their memberships, and segment-memberships' readers are told they are gone
            assertThat(memberships(projector)).isEmpty();
            try (KeyValueIterator<String, String> members = projector.<String, String>store(ProjectorTopology.SEGMENT_MEMBERS_STORE).all()) {
                assertThat(members.hasNext()).isFalse();
            }
            assertThat(published.readKeyValuesToList()).extracting(record -> record.key.getCustomerId() + " " + record.value)
                    .containsExactlyInAnyOrder("a null", "b null");
        }
    }

    @Test
    void shouldResumeAWalkCutShortByARestartFromItsStoredCursor() throws Exception {
        final Defined segments = new Defined();
        try (ProjectorDriver projector = driver("segment-backfill-resumed", segments)) {
            final TestOutputTopic<SegmentBackfillKey, SegmentBackfill> walks = projector.output(Topics.SEGMENT_BACKFILLS);
            // Given four pros written before any segment exists, and a walk against the segment's version that a
            // restart cut short after "b" (its target and cursor are what the task's stores keep, committed with the
            // memberships the walk had written, exactly once)
            final KeyValueStore<String, String> backfill = fourProsAndAWalkCutShortAfterB(projector, segments);
            // When the restarted task's clock ticks
            projector.driver().advanceWallClockTime(Duration.ofSeconds(1));
            // Then the walk goes on after "b" (the customers before it are the cut-short walk's, not walked twice)
            assertThat(memberships(projector)).containsOnlyKeys(
                    CustomerSegments.storeKey(new CustomerKey(Commands.WORKSPACE, "c")),
                    CustomerSegments.storeKey(new CustomerKey(Commands.WORKSPACE, "d")));
            // And completes: recorded once, its cursor gone
            assertThat(walks.readValuesToList()).singleElement()
                    .satisfies(walk -> assertThat(walk.getVersions()).containsEntry("pros", 1L));
            assertThat(backfill.get(CustomerSegments.CURSOR)).isNull();
            assertThat(backfill.get(CustomerSegments.DONE)).isEqualTo(CustomerSegments.fingerprint(segments.versions()));
        }
    }

    @Test
    void shouldWalkFromTheFirstProfileAgainWhenTheSegmentsChangedSinceTheCutShortWalk() throws Exception {
        final Defined segments = new Defined();
        try (ProjectorDriver projector = driver("segment-backfill-restarted", segments)) {
            // Given four pros, and a walk against version 1 of the segments cut short after "b"
            final KeyValueStore<String, String> backfill = fourProsAndAWalkCutShortAfterB(projector, segments);
            // When the segments changed (version 2) before the restarted task's clock ticks
            segments.define(2, PROS);
            projector.driver().advanceWallClockTime(Duration.ofSeconds(1));
            // Then the new walk starts from the first profile: every pro is in the segment
            assertThat(memberships(projector)).hasSize(4);
            assertThat(backfill.get(CustomerSegments.DONE)).isEqualTo(CustomerSegments.fingerprint(segments.versions()));
        }
    }

    @Test
    void shouldKeepEveryMembershipWhileTheDefinitionsAreStillBeingRead() throws Exception {
        final Defined segments = new Defined(PROS);
        try (ProjectorDriver projector = driver("segment-backfill-loading", segments)) {
            // Given a pro in the workspace's only segment
            projector.send(upsert("a", "r1", NOW.minusSeconds(60), fields("plan", "pro")));
            projector.driver().advanceWallClockTime(Duration.ofSeconds(1));
            final Map<String, String> before = memberships(projector);
            assertThat(before).hasSize(1);
            // When the definitions are not read yet (as after a restart: no segment and no version shown) and the
            // clock ticks
            segments.loading(true);
            projector.driver().advanceWallClockTime(Duration.ofSeconds(2));
            // Then nothing is dropped for segments merely not read yet
            assertThat(memberships(projector)).isEqualTo(before);
            segments.loading(false);
            projector.driver().advanceWallClockTime(Duration.ofSeconds(1));
            assertThat(memberships(projector)).isEqualTo(before);
        }
    }

    @Test
    void shouldBackfillTheSameMembershipsAsTheLiveStreamKeeps() throws Exception {
        // Given random writes, events and deletions of 20 customers (seeded: the same every run)
        final Random random = new Random(20241206L);
        final List<CustomerCommand> commands = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            final String customer = "c" + random.nextInt(20);
            final Instant at = NOW.minus(Duration.ofMinutes(300 - i));
            commands.add(switch (random.nextInt(6)) {
                case 0, 1 -> upsert(customer, "w" + i, at, fields("plan", random.nextBoolean() ? "pro" : "free"));
                case 2 -> upsert(customer, "w" + i, at, fields("seats", (long) random.nextInt(20)));
                case 3, 4 -> event(customer, "e" + i, at, "purchase", Map.of());
                default -> deleteCustomer(customer, "d" + i, at);
            });
        }
        // When one stream has the segments from the start, and another gets them after all the commands
        final Map<String, String> live;
        final Defined fromStart = new Defined();
        fromStart.define(1, PROS, BIG, BUYERS);
        try (ProjectorDriver projector = driver("segment-backfill-live", fromStart)) {
            commands.forEach(projector::send);
            live = memberships(projector);
        }
        final Map<String, String> backfilled;
        final Defined later = new Defined();
        try (ProjectorDriver projector = driver("segment-backfill-later", later)) {
            commands.forEach(projector::send);
            later.define(1, PROS, BIG, BUYERS);
            projector.driver().advanceWallClockTime(Duration.ofSeconds(1));
            backfilled = memberships(projector);
        }
        // Then the backfill decides as the live stream did, the segment counting events too: every event was counted
        assertThat(live.values()).anyMatch(ids -> ids.contains("buyers"));
        assertThat(backfilled).isEqualTo(live);
    }

    @Test
    void shouldCountANewEventNameFromItsSegmentOnWhenOnlyCountedNamesAreKept() throws Exception {
        // Given a fold that counts only the names some segment counts, and purchases before any segment
        final Defined segments = new Defined(false);
        try (ProjectorDriver projector = driver("segment-backfill-counted-only", segments)) {
            projector.send(upsert("a", "r1", NOW.minusSeconds(120), fields("plan", "pro")));
            projector.send(event("a", "e1", NOW.minusSeconds(90), "purchase", Map.of()));
            projector.send(event("a", "e2", NOW.minusSeconds(60), "purchase", Map.of()));
            // When a segment over that event name is defined and backfilled
            segments.define(1, BUYERS);
            projector.driver().advanceWallClockTime(Duration.ofSeconds(1));
            // Then the purchases before it were not counted: the customer is not in it
            assertThat(memberships(projector)).doesNotContainKey(CustomerSegments.storeKey(new CustomerKey(Commands.WORKSPACE, "a")));
            // And those after it are
            projector.send(event("a", "e3", NOW.minusSeconds(30), "purchase", Map.of()));
            projector.send(event("a", "e4", NOW.minusSeconds(20), "purchase", Map.of()));
            assertThat(memberships(projector)).containsEntry(CustomerSegments.storeKey(new CustomerKey(Commands.WORKSPACE, "a")), "buyers");
        }
    }

    /**
     * Writes the pros a, b, c and d, defines {@link #PROS} (version 1), and stores a walk against it that stopped after
     * b, as a restart leaves it; the walk's store.
     */
    private static KeyValueStore<String, String> fourProsAndAWalkCutShortAfterB(final ProjectorDriver projector,
                                                                              final Defined segments) {
        for (final String customer : List.of("a", "b", "c", "d")) {
            projector.send(upsert(customer, "r-" + customer, NOW.minusSeconds(60), fields("plan", "pro")));
        }
        segments.define(1, PROS);
        final KeyValueStore<String, String> backfill = projector.store(ProjectorTopology.SEGMENT_BACKFILL_STORE);
        backfill.put(CustomerSegments.TARGET, CustomerSegments.fingerprint(segments.versions()));
        backfill.put(CustomerSegments.CURSOR, StoreKey.of(Commands.WORKSPACE, "b"));
        return backfill;
    }

    /** The memberships store: customer → its segment ids, sorted. */
    private static Map<String, String> memberships(final ProjectorDriver projector) {
        final Map<String, String> stored = new TreeMap<>();
        try (KeyValueIterator<String, String> all = projector.<String, String>store(ProjectorTopology.SEGMENT_MEMBERSHIPS_STORE).all()) {
            all.forEachRemaining(entry -> stored.put(entry.key, entry.value));
        }
        return stored;
    }
}
