package org.opencdp.projector.segment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import org.opencdp.avro.DateValue;
import org.opencdp.avro.IntegerValue;
import org.opencdp.avro.Profile;
import org.opencdp.avro.StringValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.projector.segment.SegmentFixtures.NOW;
import static org.opencdp.projector.segment.SegmentFixtures.attribute;
import static org.opencdp.projector.segment.SegmentFixtures.events;
import static org.opencdp.projector.segment.SegmentFixtures.profile;
import static org.opencdp.projector.segment.SegmentFixtures.relative;
import static org.opencdp.projector.segment.SegmentFixtures.segment;

/**
 * The segment evaluator over random definitions, profiles and event counts: nothing but a write changes an
 * answer before {@link SegmentEvaluator#nextChange}, which is what lets the punctuator visit a customer only at
 * its next instant instead of scanning every profile at every tick.
 */
class SegmentProperties {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final String[] DATES = {"renewal", "signed_up"};
    private static final String[] EVENTS = {"purchase", "login"};

    /** A random definition, a customer's profile and counts, and an instant within 30 days of {@code NOW}. */
    private record Case(SegmentDefinition definition, Profile profile, EventCounts counts, Instant now) {

        static Case random(final Random random) {
            return new Case(segment(definitionTree(random)), randomProfile(random), randomCounts(random),
                    NOW.plusMillis(random.nextLong(-30 * DAY, 30 * DAY)));
        }

        boolean matches(final EventCounts with, final Instant at) {
            return SegmentEvaluator.matches(definition, profile, with, at, Set.of());
        }

        Optional<Instant> nextChange(final EventCounts with, final Instant at) {
            return SegmentEvaluator.nextChange(definition, profile, with, at);
        }
    }

    @Property(tries = 500)
    void answerAtEveryInstantBeforeTheNextChangeIsTheAnswerNow(@ForAll final Random random) {
        final Case c = Case.random(random);
        final Instant now = c.now();
        final boolean atNow = c.matches(c.counts(), now);
        final Optional<Instant> next = c.nextChange(c.counts(), now);
        final Instant until = next.orElse(now.plus(Duration.ofDays(1000)));
        assertThat(until).isAfter(now);
        final long span = until.toEpochMilli() - now.toEpochMilli();
        final List<Instant> probes = new ArrayList<>(List.of(now, until.minusMillis(1)));
        for (int i = 0; i < 20; i++) {
            probes.add(now.plusMillis(random.nextLong(span)));
        }
        for (final Instant probe : probes) {
            assertThat(c.matches(c.counts(), probe))
                    .as("at %s (now %s, next change %s) of %s", probe, now, next, c.definition().root())
                    .isEqualTo(atNow);
        }
    }

    @Property(tries = 300)
    void explainingAnswersAsMatchingDoes(@ForAll final Random random) {
        final Case c = Case.random(random);
        assertThat(SegmentEvaluator.evaluate(c.definition(), c.profile(), c.counts(), c.now(), Set.of()).member())
                .isEqualTo(SegmentEvaluator.matches(c.definition(), c.profile(), c.counts(), c.now(), Set.of()));
    }

    @Property(tries = 300)
    void everyAnswerSurvivesTheCountsRoundTripAndPruningToTheLongestWindow(@ForAll final Random random) {
        final Case c = Case.random(random);
        // Pruned at NOW: probed from NOW on, where every window still sees what it saw.
        final Instant now = NOW.plusMillis(Math.abs(c.now().toEpochMilli() - NOW.toEpochMilli()));
        final EventCounts stored = EventCounts.fromBytes(c.counts().toBytes());
        stored.prune(NOW, c.definition().longestWindow());
        assertThat(c.matches(stored, now)).isEqualTo(c.matches(c.counts(), now));
        assertThat(c.nextChange(stored, now)).isEqualTo(c.nextChange(c.counts(), now));
    }

    private static Map<String, Object> definitionTree(final Random random) {
        return Map.of("name", "random", "match", random.nextBoolean() ? "all" : "any", "conditions", conditions(random, 1));
    }

    private static List<Object> conditions(final Random random, final int depth) {
        final List<Object> conditions = new ArrayList<>();
        final int n = random.nextInt(1, 4);
        for (int i = 0; i < n; i++) {
            final int kind = random.nextInt(depth < 3 ? 5 : 4);
            conditions.add(switch (kind) {
                case 0 -> relative(pick(random, DATES), pick(random, new String[] {"within_last", "within_next", "before_last"}),
                        random.nextBoolean() ? "P" + random.nextInt(1, 40) + "D" : "PT" + random.nextInt(1, 100) + "H");
                case 1 -> events(pick(random, EVENTS), pick(random, new String[] {"gte", "lte", "eq"}), random.nextInt(0, 4),
                        "P" + random.nextInt(1, 40) + "D");
                case 2 -> attribute("plan", random.nextBoolean() ? "eq" : "ne", "pro");
                case 3 -> random.nextBoolean() ? attribute(pick(random, DATES), "exists")
                        : attribute(pick(random, DATES), random.nextBoolean() ? "gt" : "lte", NOW.toString());
                default -> Map.of("match", random.nextBoolean() ? "all" : "any", "conditions", conditions(random, depth + 1));
            });
        }
        return conditions;
    }

    private static Profile randomProfile(final Random random) {
        final Map<String, Object> values = new HashMap<>();
        for (final String date : DATES) {
            if (random.nextInt(4) > 0) {
                values.put(date, new DateValue(NOW.plusMillis(random.nextLong(-60 * DAY, 60 * DAY))));
            }
        }
        if (random.nextBoolean()) {
            values.put("plan", new StringValue(random.nextBoolean() ? "pro" : "basic"));
        }
        values.put("orders", new IntegerValue(random.nextLong(10)));
        return profile(values);
    }

    private static EventCounts randomCounts(final Random random) {
        final EventCounts counts = new EventCounts();
        final int n = random.nextInt(0, 12);
        for (int i = 0; i < n; i++) {
            counts.add(pick(random, EVENTS), NOW.plusMillis(random.nextLong(-60 * DAY, 10 * DAY)), random.nextInt(1, 3));
        }
        return counts;
    }

    private static String pick(final Random random, final String[] options) {
        return options[random.nextInt(options.length)];
    }
}
