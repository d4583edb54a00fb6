package org.opencdp.projector.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.projector.Commands.deleteCustomer;
import static org.opencdp.projector.Commands.event;
import static org.opencdp.projector.Commands.fields;
import static org.opencdp.projector.Commands.upsert;
import static org.opencdp.projector.topology.TestSegments.definition;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CatalogCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.DefineProperty;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.PropertyKey;
import org.opencdp.avro.SegmentMembership;
import org.opencdp.avro.SegmentMembershipKey;
import org.opencdp.projector.Commands;
import org.opencdp.projector.customer.PlatformEvents;
import org.opencdp.projector.segment.SegmentDefinition;
import org.opencdp.projector.segment.SegmentSets;
import org.opencdp.schemas.Topics;

/**
 * Contract section 11: the fold keeps each customer's segment memberships next to its profile, and every entry and
 * exit is a segment.entered/segment.exited event on enriched-events (with its reason) and a record or tombstone on
 * segment-memberships, in the same transaction as the write or event that caused it.
 */
class SegmentMembershipTopologyTest {

    /** The driver's wall clock: "now" for every window. */
    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
    private static final String CUSTOMER = "42";

    private static final SegmentDefinition PROS = definition("pros", "Pros", """
            {"match":"all","conditions":[{"attribute":"plan","op":"eq","value":"pro"}]}""");
    private static final SegmentDefinition BUYERS = definition("buyers", "Buyers", """
            {"match":"all","conditions":[{"event":"purchase","op":"gte","count":2,"within":"P30D"}]}""");
    private static final SegmentDefinition RECENT = definition("recent", "Bought today", """
            {"match":"all","conditions":[{"event":"visit","op":"gte","count":1,"within":"P1D"}]}""");
    private static final SegmentDefinition RENEWING = definition("renewing", "Renewing soon", """
            {"match":"all","conditions":[{"attribute":"renewal","op":"within_next","duration":"P7D"}]}""");
    private static final SegmentDefinition BIG_TIER = definition("big-tier", "Big tier", """
            {"match":"all","conditions":[{"attribute":"tier","op":"gte","value":50}]}""");
    private static final SegmentDefinition PRO_BUYERS = definition("pro-buyers", "Pro buyers", """
            {"match":"all","conditions":[{"segment":"pros","op":"in"},{"segment":"buyers","op":"in"}]}""");

    @RegisterExtension
    final ProjectorDriver projector = ProjectorDriver.perTest("segment-membership-topology-test",
            registry -> ProjectorDriver.DEFAULTS.apply(registry).withSegments(SegmentSets.fixed(List.of(PROS, BUYERS, PRO_BUYERS, RECENT, RENEWING, BIG_TIER))),
            NOW);

    private final TestOutputTopic<CustomerKey, EnrichedEvent> events = projector.output(Topics.ENRICHED_EVENTS);
    private final TestOutputTopic<SegmentMembershipKey, SegmentMembership> memberships = projector.output(Topics.SEGMENT_MEMBERSHIPS);

    /** The segment events on enriched-events since the last call, as "name segment_id". */
    private List<String> segmentEvents() {
        return events.readValuesToList().stream().filter(e -> e.getName().startsWith("segment."))
                .map(e -> e.getName() + " " + e.getData().get("segment_id")).toList();
    }

    @Test
    void shouldEnterASegmentWhenAWriteMakesTheProfileMatch() {
        // When
        projector.send(upsert(CUSTOMER, "r1", NOW.minusSeconds(60), fields("plan", "pro")));
        // Then
        final List<EnrichedEvent> entered = events.readValuesToList().stream()
                .filter(e -> e.getName().equals(PlatformEvents.SEGMENT_ENTERED)).toList();
        assertThat(entered).hasSize(1);
        assertThat(entered.getFirst().getData()).containsEntry("segment_id", "pros").containsEntry("segment_name", "Pros");
        assertThat((String) entered.getFirst().getData().get("reason")).contains("plan").contains("pro");
        assertThat(entered.getFirst().getEventId()).isEqualTo("r1:0/segment.entered/pros");
        final List<KeyValue<SegmentMembershipKey, SegmentMembership>> records = memberships.readKeyValuesToList();
        assertThat(records).hasSize(1);
        assertThat(records.getFirst().key).isEqualTo(new SegmentMembershipKey(Commands.WORKSPACE, "pros", CUSTOMER));
        assertThat(records.getFirst().value.getSince()).isEqualTo(NOW.minusSeconds(60));
    }

    @Test
    void shouldMoveAMembershipToTheSurvivorWhenACustomerIsMerged() {
        // Given bob, a pro, and ann without a plan
        projector.send(upsert("bob", "r1", NOW.minusSeconds(90), fields("plan", "pro")));
        projector.send(upsert("ann", "r2", NOW.minusSeconds(80), fields("tier", 1L)));
        segmentEvents();
        memberships.readKeyValuesToList();
        // When bob is merged into ann
        projector.send(Commands.command("bob", "r3", NOW.minusSeconds(60), ApiFamily.RETAINLY,
                new org.opencdp.avro.MergeInto("m1", "ann")));
        // Then bob leaves at once, merged into ann, and ann, a pro now, enters
        final List<EnrichedEvent> changes = events.readValuesToList().stream()
                .filter(e -> e.getName().startsWith("segment.")).toList();
        assertThat(changes).extracting(e -> e.getName() + " " + e.getCustomerId() + " " + e.getData().get("segment_id"))
                .containsExactlyInAnyOrder("segment.exited bob pros", "segment.entered ann pros");
        assertThat(changes).filteredOn(e -> e.getCustomerId().equals("bob")).singleElement()
                .satisfies(e -> assertThat((String) e.getData().get("reason")).contains("merged into ann"));
        assertThat(memberships.readKeyValuesToList()).extracting(r -> r.key.getCustomerId() + " " + (r.value != null))
                .containsExactlyInAnyOrder("bob false", "ann true");
    }

    @Test
    void shouldExitWhenAWriteMakesTheProfileNoLongerMatch() {
        // Given
        projector.send(upsert(CUSTOMER, "r1", NOW.minusSeconds(60), fields("plan", "pro")));
        segmentEvents();
        memberships.readKeyValuesToList();
        // When
        projector.send(upsert(CUSTOMER, "r2", NOW.minusSeconds(30), fields("plan", "free")));
        // Then
        assertThat(segmentEvents()).containsExactly("segment.exited pros");
        final List<KeyValue<SegmentMembershipKey, SegmentMembership>> records = memberships.readKeyValuesToList();
        assertThat(records).extracting(r -> r.key.getSegmentId()).containsExactly("pros");
        assertThat(records.getFirst().value).isNull();
    }

    @Test
    void shouldEmitNothingWhenAWriteChangesNoMembership() {
        // Given
        projector.send(upsert(CUSTOMER, "r1", NOW.minusSeconds(60), fields("plan", "pro")));
        segmentEvents();
        // When
        projector.send(upsert(CUSTOMER, "r2", NOW.minusSeconds(30), fields("plan", "pro", "seats", 3L)));
        // Then
        assertThat(segmentEvents()).isEmpty();
    }

    @Test
    void shouldEnterOnTheEventThatReachesTheCountAndTheSegmentsNamingIt() {
        // Given a pro
        projector.send(upsert(CUSTOMER, "r1", NOW.minusSeconds(600), fields("plan", "pro")));
        segmentEvents();
        // When two purchases arrive within 30 days
        projector.send(event(CUSTOMER, "e1", NOW.minus(Duration.ofDays(3)), "purchase", Map.of()));
        assertThat(segmentEvents()).isEmpty();
        projector.send(event(CUSTOMER, "e2", NOW.minus(Duration.ofDays(1)), "purchase", Map.of()));
        // Then the second enters buyers, and with it pro-buyers, which names both
        assertThat(segmentEvents()).containsExactly("segment.entered buyers", "segment.entered pro-buyers");
    }

    @Test
    void shouldNotCountAnEventOutsideTheWindow() {
        // Given a customer
        projector.send(upsert(CUSTOMER, "r1", NOW.minusSeconds(600), fields("plan", "free")));
        // When one purchase is 40 days old and one is recent
        projector.send(event(CUSTOMER, "e1", NOW.minus(Duration.ofDays(40)), "purchase", Map.of()));
        projector.send(event(CUSTOMER, "e2", NOW.minus(Duration.ofDays(1)), "purchase", Map.of()));
        // Then only one counts: not a buyer
        assertThat(segmentEvents()).isEmpty();
        // And another recent one makes it one
        projector.send(event(CUSTOMER, "e3", NOW.minus(Duration.ofHours(1)), "purchase", Map.of()));
        assertThat(segmentEvents()).containsExactly("segment.entered buyers");
    }

    @Test
    void shouldLeaveEverySegmentWithReasonDeletedWhenTheCustomerIsDeleted() {
        // Given a member of pros
        projector.send(upsert(CUSTOMER, "r1", NOW.minusSeconds(60), fields("plan", "pro")));
        segmentEvents();
        memberships.readKeyValuesToList();
        // When deleted
        projector.send(deleteCustomer(CUSTOMER, "r2", NOW.minusSeconds(30)));
        // Then
        final List<EnrichedEvent> exited = events.readValuesToList().stream()
                .filter(e -> e.getName().equals(PlatformEvents.SEGMENT_EXITED)).toList();
        assertThat(exited).hasSize(1);
        assertThat(exited.getFirst().getData()).containsEntry("segment_id", "pros").containsEntry("reason", "deleted");
        assertThat(exited.getFirst().getProfile().getAttributes()).isEmpty();
        assertThat(memberships.readKeyValuesToList()).singleElement().satisfies(r -> assertThat(r.value).isNull());
        assertThat(projector.<String, String>store(ProjectorTopology.SEGMENT_MEMBERSHIPS_STORE)
                .get(CustomerSegments.storeKey(Commands.key(CUSTOMER)))).isNull();
    }

    @Test
    void shouldExitWhenTheClockMovesTheLastEventOutOfTheWindow() {
        // Given a customer with a visit 12 hours ago: in "visited within a day"
        projector.send(upsert(CUSTOMER, "r1", NOW.minus(Duration.ofHours(13)), fields("plan", "free")));
        projector.send(event(CUSTOMER, "e1", NOW.minus(Duration.ofHours(12)), "visit", Map.of()));
        assertThat(segmentEvents()).containsExactly("segment.entered recent");
        // When the clock passes 11 hours: nothing; then 2 more, past the visit's day
        projector.driver().advanceWallClockTime(Duration.ofHours(11));
        assertThat(segmentEvents()).isEmpty();
        projector.driver().advanceWallClockTime(Duration.ofHours(2));
        // Then it exits, at the instant the window ended, with nothing written
        final List<EnrichedEvent> exited = events.readValuesToList().stream()
                .filter(e -> e.getName().startsWith("segment.")).toList();
        assertThat(exited).extracting(EnrichedEvent::getName).containsExactly(PlatformEvents.SEGMENT_EXITED);
        assertThat(exited.getFirst().getTimestamp()).isEqualTo(NOW.plus(Duration.ofHours(12)));
        assertThat(exited.getFirst().getEventId()).isEqualTo("clock:" + NOW.plus(Duration.ofHours(12)) + "/segment.exited/recent");
        assertThat(memberships.readKeyValuesToList()).last().satisfies(r -> assertThat(r.value).isNull());
    }

    @Test
    void shouldEnterWhenTheClockBringsARelativeDateWithinItsDuration() {
        // Given a renewal ten days ahead: not within the next 7 days
        projector.send(upsert(CUSTOMER, "r1", NOW.minusSeconds(60), fields("renewal", "2024-05-11T10:00:00Z")));
        assertThat(segmentEvents()).isEmpty();
        // When three days and a second pass
        projector.driver().advanceWallClockTime(Duration.ofDays(3).plusSeconds(1));
        // Then it enters
        assertThat(segmentEvents()).containsExactly("segment.entered renewing");
        // And leaves once the renewal has passed
        projector.driver().advanceWallClockTime(Duration.ofDays(7));
        assertThat(segmentEvents()).containsExactly("segment.exited renewing");
    }

    @Test
    void shouldIndexANextChangeOnlyWhereOneIsComingAndWriteNothingWhereNoneWas() {
        final TestOutputTopic<String, Long> nextChanges = projector.driver().createOutputTopic(
                "segment-membership-topology-test-" + ProjectorTopology.SEGMENT_NEXT_CHANGE_STORE + "-changelog",
                new StringDeserializer(), new LongDeserializer());
        // Given a customer whose renewal is ten days ahead: its membership of "renewing" changes in three days
        projector.send(upsert("renews", "r1", NOW.minusSeconds(60), fields("renewal", "2024-05-11T10:00:00Z")));
        // Then that instant is indexed
        assertThat(nextChanges.readKeyValuesToList()).extracting(r -> r.value)
                .containsExactly(NOW.plus(Duration.ofDays(3)).toEpochMilli());
        // When a customer with no date any segment reads is created and written again
        projector.send(upsert(CUSTOMER, "r2", NOW.minusSeconds(50), fields("plan", "basic")));
        projector.send(upsert(CUSTOMER, "r3", NOW.minusSeconds(40), fields("plan", "pro")));
        // Then it entered "pros", and the index was not written for it: no instant, and no tombstone for none
        assertThat(segmentEvents()).containsExactly("segment.entered pros");
        assertThat(nextChanges.readKeyValuesToList()).isEmpty();
    }

    @Test
    void shouldReEvaluateWhenTheCatalogChangesAPropertysType() {
        // Given tier defined as text, and "100" written: as text, "100" sorts before "50", so not in "tier gte 50"
        define("tier", "string", NOW.minusSeconds(900));
        projector.send(upsert(CUSTOMER, "r1", NOW.minusSeconds(600), fields("tier", "100")));
        assertThat(segmentEvents()).isEmpty();
        // When an administrator makes tier an integer and the catalog's sweep converts the stored value
        define("tier", "integer", NOW.minusSeconds(300));
        projector.driver().advanceWallClockTime(CatalogSweeps.INTERVAL);
        // Then the customer enters, without a write of its own
        assertThat(segmentEvents()).containsExactly("segment.entered big-tier");
    }

    /** An administrator's definition of {@code property} as {@code type} (PUT /properties/{name}). */
    private void define(final String property, final String type, final Instant at) {
        projector.input(Topics.CATALOG_COMMANDS).pipeInput(new PropertyKey(Commands.WORKSPACE, property),
                new CatalogCommand("admin-" + at + ":0", Commands.WORKSPACE, property, "admin-" + at, at,
                        "PUT /properties/{name}", ApiFamily.UPSTREAM, new DefineProperty(type, List.of())), at);
    }
}
