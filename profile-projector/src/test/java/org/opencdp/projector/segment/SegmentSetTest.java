package org.opencdp.projector.segment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.DateValue;
import org.opencdp.avro.Profile;
import org.opencdp.avro.StringValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.projector.segment.SegmentFixtures.NOW;
import static org.opencdp.projector.segment.SegmentFixtures.attribute;
import static org.opencdp.projector.segment.SegmentFixtures.definition;
import static org.opencdp.projector.segment.SegmentFixtures.events;
import static org.opencdp.projector.segment.SegmentFixtures.member;
import static org.opencdp.projector.segment.SegmentFixtures.profile;
import static org.opencdp.projector.segment.SegmentFixtures.relative;
import static org.opencdp.projector.segment.SegmentFixtures.segment;

class SegmentSetTest {

    private static final SegmentDefinition PROS = segment("pros", definition("all", attribute("plan", "eq", "pro")), Map.of());
    private static final SegmentDefinition RENEWING = segment("renewing",
            definition("all", relative("renewal", "within_next", "P7D")), Map.of());
    private static final SegmentDefinition PROS_RENEWING = segment("a-pros-renewing",
            definition("all", member("pros", "in"), member("renewing", "in")), Map.of("pros", PROS, "renewing", RENEWING));
    private static final SegmentDefinition OTHERS = segment("0-others",
            definition("all", member("a-pros-renewing", "not_in"), events("purchase", "gte", 1, "P90D")),
            Map.of("a-pros-renewing", PROS_RENEWING, "pros", PROS, "renewing", RENEWING));

    @Test
    void shouldEvaluateEverySegmentAfterThoseItNames() {
        // Given segments naming each other, in an order where ids sort before what they name
        final SegmentSet set = SegmentSet.of(List.of(OTHERS, PROS_RENEWING, RENEWING, PROS));

        // When ordered and evaluated for a pro renewing in three days
        final Profile p = profile(Map.of("plan", new StringValue("pro"), "renewal", new DateValue(NOW.plus(Duration.ofDays(3)))));
        final Map<String, Boolean> answers = set.evaluate(p, null, NOW);

        // Then each comes after what it names, and sees their answers
        assertThat(set.ordered()).extracting(SegmentDefinition::id).containsExactly("pros", "renewing", "a-pros-renewing", "0-others");
        assertThat(answers).containsExactly(Map.entry("pros", true), Map.entry("renewing", true),
                Map.entry("a-pros-renewing", true), Map.entry("0-others", false));
        assertThat(set.events()).containsExactly("purchase");
        assertThat(set.longestWindow()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void shouldGiveTheEarliestChangeOfAnySegmentSoDependentsAreRevisited() {
        // Given a pro renewing in three days: "renewing" (and so "a-pros-renewing") ends at the renewal
        final SegmentSet set = SegmentSet.of(List.of(PROS, RENEWING, PROS_RENEWING));
        final Instant renewal = NOW.plus(Duration.ofDays(3));
        final Profile p = profile(Map.of("plan", new StringValue("pro"), "renewal", new DateValue(renewal)));

        // When the next change is asked, and the segments evaluated then
        final Instant next = set.nextChange(p, null, NOW).orElseThrow();

        // Then it is the renewal, when the dependent segment exits too
        assertThat(next).isEqualTo(renewal);
        assertThat(set.evaluate(p, null, next.minusMillis(1))).containsEntry("a-pros-renewing", true);
        assertThat(set.evaluate(p, null, next)).containsEntry("renewing", false).containsEntry("a-pros-renewing", false);
    }

    @Test
    void shouldLeaveSegmentsOnACycleWithoutMembers() {
        // Given definitions that came to form a cycle (written concurrently, each valid when checked)
        final SegmentDefinition a = segment("a", definition("all", member("b", "in")), Map.of("b", PROS));
        final SegmentDefinition b = segment("b", definition("all", member("a", "in")), Map.of("a", PROS));
        final SegmentDefinition c = segment("c", definition("all", member("b", "not_in")), Map.of("b", PROS));

        // When ordered
        final SegmentSet set = SegmentSet.of(List.of(a, b, c, PROS));

        // Then the cycle and what depends on it are left out, the rest evaluated
        assertThat(set.unordered()).containsExactly("a", "b", "c");
        assertThat(set.evaluate(profile(Map.of("plan", new StringValue("pro"))), null, NOW)).containsExactly(Map.entry("pros", true));
    }
}
