package org.opencdp.projector.segment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.ArrayValue;
import org.opencdp.avro.BooleanValue;
import org.opencdp.avro.CollectionValue;
import org.opencdp.avro.DateValue;
import org.opencdp.avro.EnumValue;
import org.opencdp.avro.IntegerValue;
import org.opencdp.avro.NumberValue;
import org.opencdp.avro.Profile;
import org.opencdp.avro.StringValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.opencdp.projector.segment.SegmentFixtures.NOW;
import static org.opencdp.projector.segment.SegmentFixtures.attribute;
import static org.opencdp.projector.segment.SegmentFixtures.definition;
import static org.opencdp.projector.segment.SegmentFixtures.events;
import static org.opencdp.projector.segment.SegmentFixtures.group;
import static org.opencdp.projector.segment.SegmentFixtures.member;
import static org.opencdp.projector.segment.SegmentFixtures.profile;
import static org.opencdp.projector.segment.SegmentFixtures.relative;
import static org.opencdp.projector.segment.SegmentFixtures.segment;

class SegmentEvaluatorTest {

    private static final Duration DAY = Duration.ofDays(1);

    private static boolean matches(final Map<String, Object> tree, final Profile profile) {
        return SegmentEvaluator.matches(segment(tree), profile, null, NOW, Set.of());
    }

    private static boolean matches(final Map<String, Object> tree, final Map<String, Object> values) {
        return matches(tree, profile(values));
    }

    private static EventCounts purchasesAt(final Instant... instants) {
        final EventCounts counts = new EventCounts();
        for (final Instant at : instants) {
            counts.add("purchase", at, 1);
        }
        return counts;
    }

    @Test
    void shouldEnterWhenThirdPurchaseWithinThirtyDays() {
        // Given a pro customer with two purchases in the last thirty days and one 31 days ago
        final SegmentDefinition activePros = segment(definition("all", attribute("plan", "eq", "pro"),
                events("purchase", "gte", 3, "P30D")));
        final Profile pro = profile(Map.of("plan", new StringValue("pro")));
        final EventCounts counts = purchasesAt(NOW.minus(Duration.ofDays(31)), NOW.minus(Duration.ofDays(10)), NOW.minus(DAY));
        final boolean before = SegmentEvaluator.matches(activePros, pro, counts, NOW, Set.of());

        // When a third purchase within the window arrives
        counts.add("purchase", NOW, 1);

        // Then the customer enters
        assertThat(before).isFalse();
        assertThat(SegmentEvaluator.matches(activePros, pro, counts, NOW, Set.of())).isTrue();
    }

    @Test
    void shouldExitWhenAPurchaseLeavesTheWindowAtTheInstantItsThirtyDaysEnd() {
        // Given three purchases, the oldest exactly 30 days minus one millisecond before now
        final SegmentDefinition buyers = segment(definition("all", events("purchase", "gte", 3, "P30D")));
        final Profile customer = profile(Map.of());
        final Instant oldest = NOW.minus(Duration.ofDays(30)).plusMillis(1);
        final EventCounts counts = purchasesAt(oldest, NOW.minus(DAY), NOW);

        // When time passes to when the oldest purchase is 30 days old
        final Instant leaves = oldest.plus(Duration.ofDays(30));

        // Then the customer is in until then, out from then, and that is the next change
        assertThat(SegmentEvaluator.matches(buyers, customer, counts, NOW, Set.of())).isTrue();
        assertThat(SegmentEvaluator.matches(buyers, customer, counts, leaves.minusMillis(1), Set.of())).isTrue();
        assertThat(SegmentEvaluator.matches(buyers, customer, counts, leaves, Set.of())).isFalse();
        assertThat(SegmentEvaluator.nextChange(buyers, customer, counts, NOW)).contains(leaves);
    }

    @Test
    void shouldCompareNumbersNumericallyAcrossIntegersAndDecimals() {
        // Given an integer and a number property
        final Map<String, Object> values = Map.of("orders", new IntegerValue(10L), "spent", new NumberValue("10.50"));

        // When compared with numbers written in several forms
        // Then they compare as numbers, not as text
        assertThat(matches(definition("all", attribute("orders", "gt", 9.5)), values)).isTrue();
        assertThat(matches(definition("all", attribute("orders", "eq", "10.0")), values)).isTrue();
        assertThat(matches(definition("all", attribute("orders", "lt", 9)), values)).isFalse();
        assertThat(matches(definition("all", attribute("spent", "eq", 10.5)), values)).isTrue();
        assertThat(matches(definition("all", attribute("spent", "gte", "1e1")), values)).isTrue();
        assertThat(matches(definition("all", attribute("spent", "lt", new java.math.BigDecimal("10.500000000000000000000000000001"))), values)).isTrue();
        assertThat(matches(definition("all", attribute("spent", "in", List.of(1, "10.5"))), values)).isTrue();
    }

    @Test
    void shouldCompareDatesAsInstantsWhateverTheirWrittenForm() {
        // Given a renewal at 2024-05-01T10:00:00Z
        final Map<String, Object> values = Map.of("renewal", new DateValue(NOW));

        // When compared with the same instant in other zones and forms
        // Then they compare as instants
        assertThat(matches(definition("all", attribute("renewal", "eq", "2024-05-01T12:00:00+02:00")), values)).isTrue();
        assertThat(matches(definition("all", attribute("renewal", "gt", "2024-05-01")), values)).isTrue();
        assertThat(matches(definition("all", attribute("renewal", "lt", "05/02/2024")), values)).isTrue();
        assertThat(matches(definition("all", attribute("renewal", "gte", "2024-05-01T10:00:00.001Z")), values)).isFalse();
    }

    @Test
    void shouldCompareTextCaseSensitivelyByCodePoint() {
        // Given a plan "Pro"
        final Map<String, Object> values = Map.of("plan", new StringValue("Pro"), "tier", new EnumValue("gold"));

        // When compared
        // Then case counts, and order is by code point
        assertThat(matches(definition("all", attribute("plan", "eq", "Pro")), values)).isTrue();
        assertThat(matches(definition("all", attribute("plan", "eq", "pro")), values)).isFalse();
        assertThat(matches(definition("all", attribute("plan", "lt", "pro")), values)).isTrue();
        assertThat(matches(definition("all", attribute("plan", "lt", "\uD83D\uDE00")), values)).isTrue();
        assertThat(matches(definition("all", attribute("tier", "in", List.of("silver", "gold"))), values)).isTrue();
        assertThat(matches(definition("all", attribute("tier", "ne", "silver")), values)).isTrue();
    }

    @Test
    void shouldMatchContainsOnCollectionsAndText() {
        // Given tags and a plan
        final Map<String, Object> values = Map.of("tags", new CollectionValue(List.of("vip", "beta")),
                "plan", new StringValue("enterprise-pro"));

        // When asked what they contain
        // Then a collection contains whole items, text contains substrings
        assertThat(matches(definition("all", attribute("tags", "contains", "beta")), values)).isTrue();
        assertThat(matches(definition("all", attribute("tags", "contains", "bet")), values)).isFalse();
        assertThat(matches(definition("all", attribute("plan", "contains", "-pro")), values)).isTrue();
        assertThat(matches(definition("all", attribute("plan", "contains", "PRO")), values)).isFalse();
    }

    @Test
    void shouldTreatAMissingAttributeAsUnequalToEveryValue() {
        // Given a customer without a plan
        final Map<String, Object> none = Map.of();

        // When conditions name the plan
        // Then only ne and not_exists hold
        assertThat(matches(definition("all", attribute("plan", "ne", "pro")), none)).isTrue();
        assertThat(matches(definition("all", attribute("plan", "not_exists")), none)).isTrue();
        assertThat(matches(definition("all", attribute("plan", "exists")), none)).isFalse();
        assertThat(matches(definition("all", attribute("plan", "eq", "pro")), none)).isFalse();
        assertThat(matches(definition("all", attribute("plan", "lt", "zzz")), none)).isFalse();
        assertThat(matches(definition("all", attribute("plan", "in", List.of("pro"))), none)).isFalse();
        assertThat(matches(definition("all", relative("renewal", "before_last", "P1D")), none)).isFalse();
    }

    @Test
    void shouldCompareByTheStoredTypeAfterTheCatalogChangedIt() {
        // Given "orders gte 10", and "orders" now stored as text after a type change
        final Map<String, Object> tree = definition("all", attribute("orders", "gte", 10));
        final Map<String, Object> neTree = definition("all", attribute("orders", "ne", 10));

        // When evaluated on a text "10", a text "many" and an array
        // Then text compares as text, a value the condition cannot read as the stored type is unequal
        assertThat(matches(definition("all", attribute("orders", "eq", 10)), Map.of("orders", new StringValue("10")))).isTrue();
        assertThat(matches(tree, Map.of("orders", new StringValue("9")))).isTrue();
        assertThat(matches(tree, Map.of("orders", new BooleanValue(true)))).isFalse();
        assertThat(matches(neTree, Map.of("orders", new BooleanValue(true)))).isTrue();
        assertThat(matches(tree, Map.of("orders", new ArrayValue(List.<ArrayItem>of())))).isFalse();
        assertThat(matches(neTree, Map.of("orders", new ArrayValue(List.<ArrayItem>of())))).isTrue();
    }

    @Test
    void shouldHoldRelativeDatesOnlyInsideTheirBounds() {
        // Given a renewal date and relative conditions of seven days
        final SegmentDefinition last = segment(definition("all", relative("renewal", "within_last", "P7D")));
        final SegmentDefinition next = segment(definition("all", relative("renewal", "within_next", "P7D")));
        final SegmentDefinition before = segment(definition("all", relative("renewal", "before_last", "P7D")));
        final Instant v = NOW;
        final Profile p = profile(Map.of("renewal", new DateValue(v)));
        final Duration week = Duration.ofDays(7);

        // When evaluated around the bounds
        // Then within_last holds in [v, v + 7d), within_next in [v - 7d, v), before_last from v + 7d on
        assertThat(SegmentEvaluator.matches(last, p, null, v.minusMillis(1), Set.of())).isFalse();
        assertThat(SegmentEvaluator.matches(last, p, null, v, Set.of())).isTrue();
        assertThat(SegmentEvaluator.matches(last, p, null, v.plus(week).minusMillis(1), Set.of())).isTrue();
        assertThat(SegmentEvaluator.matches(last, p, null, v.plus(week), Set.of())).isFalse();
        assertThat(SegmentEvaluator.matches(next, p, null, v.minus(week).minusMillis(1), Set.of())).isFalse();
        assertThat(SegmentEvaluator.matches(next, p, null, v.minus(week), Set.of())).isTrue();
        assertThat(SegmentEvaluator.matches(next, p, null, v, Set.of())).isFalse();
        assertThat(SegmentEvaluator.matches(before, p, null, v.plus(week).minusMillis(1), Set.of())).isFalse();
        assertThat(SegmentEvaluator.matches(before, p, null, v.plus(week), Set.of())).isTrue();
        assertThat(SegmentEvaluator.nextChange(last, p, null, v.minus(DAY))).contains(v);
        assertThat(SegmentEvaluator.nextChange(last, p, null, v)).contains(v.plus(week));
        assertThat(SegmentEvaluator.nextChange(next, p, null, v.minus(Duration.ofDays(30)))).contains(v.minus(week));
        assertThat(SegmentEvaluator.nextChange(before, p, null, v.plus(week))).isEmpty();
    }

    @Test
    void shouldFollowMembershipOfOtherSegments() {
        // Given a segment of customers in "pros" and not in "churned"
        final SegmentDefinition pros = segment("pros", definition("all", attribute("plan", "eq", "pro")), Map.of());
        final SegmentDefinition churned = segment("churned", definition("all", attribute("vip", "eq", false)), Map.of());
        final SegmentDefinition loyal = segment("loyal", definition("all", member("pros", "in"), member("churned", "not_in")),
                Map.of("pros", pros, "churned", churned));
        final Profile p = profile(Map.of());

        // When evaluated with the memberships decided before it
        // Then it follows them
        assertThat(SegmentEvaluator.matches(loyal, p, null, NOW, Set.of("pros"))).isTrue();
        assertThat(SegmentEvaluator.matches(loyal, p, null, NOW, Set.of("pros", "churned"))).isFalse();
        assertThat(SegmentEvaluator.matches(loyal, p, null, NOW, Set.of())).isFalse();
    }

    @Test
    void shouldCombineNestedAnyAndAllGroups() {
        // Given (plan is pro) and (vip, or (at least one order and tagged beta))
        final Map<String, Object> tree = definition("all", attribute("plan", "eq", "pro"),
                group("any", attribute("vip", "eq", true),
                        group("all", attribute("orders", "gte", 1), attribute("tags", "contains", "beta"))));

        // When evaluated on customers satisfying each branch or none
        // Then groups combine as written; an empty all holds, an empty any does not
        assertThat(matches(tree, Map.of("plan", new StringValue("pro"), "vip", new BooleanValue(true)))).isTrue();
        assertThat(matches(tree, Map.of("plan", new StringValue("pro"), "orders", new IntegerValue(2L),
                "tags", new CollectionValue(List.of("beta"))))).isTrue();
        assertThat(matches(tree, Map.of("plan", new StringValue("pro"), "orders", new IntegerValue(2L)))).isFalse();
        assertThat(matches(tree, Map.of("vip", new BooleanValue(true)))).isFalse();
        assertThat(matches(definition("all"), Map.of())).isTrue();
        assertThat(matches(definition("any"), Map.of())).isFalse();
    }

    @Test
    void shouldExplainEachConditionWithTheValuesThatDecidedIt() {
        // Given a pro customer with two purchases in thirty days, no renewal
        final SegmentDefinition definition = segment(definition("all", attribute("plan", "eq", "pro"),
                group("any", events("purchase", "gte", 3, "P30D"), relative("renewal", "within_next", "P7D"))));
        final Profile p = profile(Map.of("plan", new StringValue("pro")));
        final EventCounts counts = purchasesAt(NOW.minus(DAY), NOW);

        // When explained
        final SegmentEvaluator.Evaluation evaluation = SegmentEvaluator.evaluate(definition, p, counts, NOW, Set.of());

        // Then each condition says what it asked, how it came out and why
        assertThat(evaluation.member()).isFalse();
        final Explanation root = evaluation.explanation();
        assertThat(root).extracting(Explanation::at, Explanation::condition, Explanation::matched, Explanation::decidedBy)
                .containsExactly("", "all of 2 conditions", false, "1 of 2 matched");
        assertThat(root.conditions().getFirst())
                .extracting(Explanation::at, Explanation::kind, Explanation::condition, Explanation::matched, Explanation::decidedBy)
                .containsExactly("conditions.0", "attribute", "plan eq pro", true, "plan is pro (string)");
        assertThat(root.conditions().get(1).conditions())
                .extracting(Explanation::at, Explanation::condition, Explanation::matched, Explanation::decidedBy)
                .containsExactly(
                        tuple("conditions.1.conditions.0", "purchase gte 3 within P30D", false,
                                "2 purchase events from 2024-04-01T10:00:00Z (excluded) to 2024-05-01T10:00:00Z"),
                        tuple("conditions.1.conditions.1", "renewal within_next P7D", false, "renewal is missing"));
    }

    @Test
    void shouldAnswerTheSameWhetherExplainingOrNot() {
        // Given a definition and customers in and out of it
        final SegmentDefinition definition = segment(definition("any", attribute("vip", "eq", true), events("purchase", "eq", 1, "P1D")));

        // When both ways of evaluating are asked
        // Then they agree
        for (final Profile p : List.of(profile(Map.of()), profile(Map.of("vip", new BooleanValue(true))))) {
            for (final EventCounts counts : List.of(new EventCounts(), purchasesAt(NOW))) {
                assertThat(SegmentEvaluator.evaluate(definition, p, counts, NOW, Set.of()).member())
                        .isEqualTo(SegmentEvaluator.matches(definition, p, counts, NOW, Set.of()));
            }
        }
    }

    @Test
    void shouldPlaceADeletedOrMergedCustomerInNoSegment() {
        // Given a segment every customer is in
        final SegmentDefinition everyone = segment(definition("all", attribute("plan", "not_exists")));
        final Profile merged = profile(Map.of());
        merged.setMergedInto("c2");

        // When evaluated on no profile and a merged one
        // Then neither is a member, and neither has a next change
        assertThat(SegmentEvaluator.matches(everyone, profile(Map.of()), null, NOW, Set.of())).isTrue();
        assertThat(SegmentEvaluator.matches(everyone, null, null, NOW, Set.of())).isFalse();
        assertThat(SegmentEvaluator.evaluate(everyone, merged, null, NOW, Set.of()).explanation().decidedBy()).isEqualTo("merged into c2");
        assertThat(SegmentEvaluator.nextChange(everyone, null, null, NOW)).isEmpty();
    }

    @Test
    void shouldHaveNoNextChangeWhenOnlyAWriteCanChangeTheAnswer() {
        // Given attribute-only conditions and an event count with no events in its window
        final SegmentDefinition definition = segment(definition("all", attribute("plan", "eq", "pro"),
                events("purchase", "lte", 2, "P7D")));
        final EventCounts old = purchasesAt(NOW.minus(Duration.ofDays(8)));

        // When the next change is asked
        final Optional<Instant> next = SegmentEvaluator.nextChange(definition, profile(Map.of()), old, NOW);

        // Then there is none
        assertThat(next).isEmpty();
    }
}
