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
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;


import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.projector.segment.SegmentDefinition;
import org.opencdp.projector.segment.SegmentSets;
import org.opencdp.projector.topology.TestSegments.Defined;

/**
 * Issue 15, "Done when": random commands, then a backfill from scratch equals the live state. One stream has the
 * segments from its start and keeps them live; another gets them only after every command and backfills them.
 * Whatever the commands (writes, events, deletions, their timestamps over two months in any order), once the clock
 * has ticked both hold the same memberships, the event-count segments too: the fold counts every event name
 * ({@link SegmentSets#countEveryEvent}), so the backfill sees the events that came before the segments.
 */
class SegmentBackfillProperties {

    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
    private static final AtomicInteger TRIES = new AtomicInteger();

    private static final SegmentDefinition PROS = definition("pros", """
            {"match":"all","conditions":[{"attribute":"plan","op":"eq","value":"pro"}]}""");
    private static final SegmentDefinition BIG = definition("big", """
            {"match":"any","conditions":[{"attribute":"seats","op":"gte","value":10},{"segment":"pros","op":"in"}]}""");
    private static final SegmentDefinition BUYERS = definition("buyers", """
            {"match":"all","conditions":[{"event":"purchase","op":"gte","count":2,"within":"P30D"},
              {"match":"any","conditions":[{"segment":"big","op":"not_in"},{"attribute":"plan","op":"ne","value":"free"}]}]}""");
    private static final SegmentDefinition RECENT = definition("recent", """
            {"match":"all","conditions":[{"event":"purchase","op":"eq","count":1,"within":"P7D"}]}""");

    sealed interface Action permits Plan, Seats, Purchase, Delete {
    }

    record Plan(String plan) implements Action {
    }

    record Seats(long seats) implements Action {
    }

    record Purchase() implements Action {
    }

    record Delete() implements Action {
    }

    /** One command of customer {@code customer}, stamped {@code minutesAgo} before the clock's start. */
    record Step(int customer, long minutesAgo, Action action) {
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        final Arbitrary<Action> action = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("pro", "free", "team").map(Plan::new)),
                Tuple.of(2, Arbitraries.longs().between(0, 20).map(Seats::new)),
                Tuple.of(4, Arbitraries.just(new Purchase())),
                Tuple.of(1, Arbitraries.just(new Delete())));
        // Up to 60 days back: some purchases are in the 7-day and 30-day windows, some have left them.
        return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.longs().between(0, 60L * 24 * 60), action)
                .as(Step::new).list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 25)
    void backfillFromScratchDecidesAsTheLiveStreamDid(@ForAll("histories") final List<Step> steps) throws Exception {
        // Given the commands of a history
        final int try_ = TRIES.incrementAndGet();
        final List<CustomerCommand> commands = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            final Step step = steps.get(i);
            final String customer = "c" + step.customer();
            final String request = "t" + try_ + "-r" + i;
            final Instant at = NOW.minus(Duration.ofMinutes(step.minutesAgo()));
            commands.add(switch (step.action()) {
                case Plan plan -> upsert(customer, request, at, fields("plan", plan.plan()));
                case Seats seats -> upsert(customer, request, at, fields("seats", seats.seats()));
                case Purchase ignored -> event(customer, request, at, "purchase", Map.of());
                case Delete ignored -> deleteCustomer(customer, request, at);
            });
        }
        // When one stream keeps the segments live from its start
        final Map<String, String> live;
        try (ProjectorDriver projector = driver("segment-live-" + try_, new Defined(PROS, BIG, BUYERS, RECENT))) {
            commands.forEach(projector::send);
            projector.driver().advanceWallClockTime(Duration.ofSeconds(1));
            live = memberships(projector);
        }
        // And another gets them after every command, and backfills them
        final Map<String, String> backfilled;
        final Defined later = new Defined();
        try (ProjectorDriver projector = driver("segment-later-" + try_, later)) {
            commands.forEach(projector::send);
            later.define(2, PROS, BIG, BUYERS, RECENT);
            projector.driver().advanceWallClockTime(Duration.ofSeconds(1));
            projector.driver().advanceWallClockTime(Duration.ofSeconds(1));
            backfilled = memberships(projector);
        }
        // Then both hold the same memberships
        assertThat(backfilled).isEqualTo(live);
    }

    private static ProjectorDriver driver(final String name, final SegmentSets segments) {
        return ProjectorDriver.perTest(name, registry -> ProjectorDriver.DEFAULTS.apply(registry).withSegments(segments), NOW);
    }

    /** The memberships store: customer → its segment ids. */
    private static Map<String, String> memberships(final ProjectorDriver projector) {
        final Map<String, String> stored = new TreeMap<>();
        try (KeyValueIterator<String, String> all = projector.<String, String>store(ProjectorTopology.SEGMENT_MEMBERSHIPS_STORE).all()) {
            all.forEachRemaining(entry -> stored.put(entry.key, entry.value));
        }
        return stored;
    }
}
