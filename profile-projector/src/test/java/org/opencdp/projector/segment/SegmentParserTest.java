package org.opencdp.projector.segment;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opencdp.schemas.values.AttributeType;
import org.opencdp.schemas.values.Violation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.opencdp.projector.segment.SegmentFixtures.PARSER;
import static org.opencdp.projector.segment.SegmentFixtures.attribute;
import static org.opencdp.projector.segment.SegmentFixtures.definition;
import static org.opencdp.projector.segment.SegmentFixtures.events;
import static org.opencdp.projector.segment.SegmentFixtures.group;
import static org.opencdp.projector.segment.SegmentFixtures.member;
import static org.opencdp.projector.segment.SegmentFixtures.relative;
import static org.opencdp.projector.segment.SegmentFixtures.segment;

class SegmentParserTest {

    private static List<Violation> problems(final Object tree) {
        return problems("s1", tree, Map.of());
    }

    private static List<Violation> problems(final String id, final Object tree, final Map<String, SegmentDefinition> others) {
        final SegmentParser.Parsed parsed = PARSER.parse(id, tree, others);
        assertThat(parsed).isInstanceOf(SegmentParser.Parsed.Invalid.class);
        return ((SegmentParser.Parsed.Invalid) parsed).problems();
    }

    @Test
    void shouldReadEveryConditionKindInNestedGroups() {
        // Given a definition with each kind of condition, two levels of groups deep
        final SegmentDefinition other = segment("s0", definition("all", attribute("vip", "eq", true)), Map.of());
        final Map<String, Object> tree = definition("all",
                attribute("plan", "eq", "pro"),
                group("any",
                        events("purchase", "gte", 3, "P30D"),
                        group("all", relative("renewal", "within_next", "P7D"), member("s0", "in"))));

        // When it is parsed
        final SegmentDefinition definition = segment("s1", tree, Map.of("s0", other));

        // Then it holds them, knows where each sits, and what it depends on
        assertThat(definition.name()).isEqualTo("Test segment");
        assertThat(definition.root().match()).isEqualTo(Condition.Match.ALL);
        assertThat(SegmentDefinition.leaves(definition.root())).extracting(Condition::at).containsExactly(
                "conditions.0", "conditions.1.conditions.0", "conditions.1.conditions.1.conditions.0",
                "conditions.1.conditions.1.conditions.1");
        assertThat(definition.segments()).containsExactly("s0");
        assertThat(definition.events()).containsExactly("purchase");
        assertThat(definition.longestWindow()).isEqualTo(Duration.ofDays(30));
        assertThat(definition.timed()).extracting(Condition::at)
                .containsExactly("conditions.1.conditions.0", "conditions.1.conditions.1.conditions.0");
    }

    @Test
    void shouldListEveryProblemWithItsPath() {
        // Given a definition with a problem in each of its conditions
        final Map<String, Object> tree = definition("every",
                attribute("plan", "like", "pro"),
                attribute("vip", "gt", true),
                events("purchase", "gte", 3, "P401D"),
                group("any", relative("renewal", "within_last", "seven days"), events("login", "eq", -1, "P1D")),
                attribute("renewal", "eq", "tomorrow"),
                attribute("nickname", "eq", "x"),
                Map.of("attribute", "plan", "op", "eq", "value", "pro", "colour", "red"));

        // When it is parsed
        final List<Violation> problems = problems(tree);

        // Then every problem is listed, where it is
        assertThat(problems).extracting(v -> v.at().dotted(), Violation::type).containsExactlyInAnyOrder(
                tuple("match", "unknown_match"),
                tuple("conditions.0.op", "unknown_operator"),
                tuple("conditions.1.op", "type_cannot_compare"),
                tuple("conditions.2.within", "window_too_long"),
                tuple("conditions.3.conditions.0.duration", "bad_duration"),
                tuple("conditions.3.conditions.1.count", "count_out_of_range"),
                tuple("conditions.4.value", "value_not_comparable"),
                tuple("conditions.5.attribute", "unknown_property"),
                tuple("conditions.6.colour", "unknown_field"));
    }

    @Test
    void shouldRefuseOperatorsTheTypeCannotCompare() {
        // Given conditions comparing types with operators they do not have
        final Map<String, Object> tree = definition("all",
                attribute("tags", "gt", "a"),
                attribute("cart", "eq", "x"),
                attribute("orders", "contains", 1),
                relative("plan", "within_last", "P1D"),
                attribute("tier", "lt", "gold"));

        // When it is parsed
        final List<Violation> problems = problems(tree);

        // Then each is refused naming the type
        assertThat(problems).extracting(v -> v.at().dotted(), Violation::type).containsExactly(
                tuple("conditions.0.op", "type_cannot_compare"),
                tuple("conditions.1.op", "type_cannot_compare"),
                tuple("conditions.2.op", "type_cannot_compare"),
                tuple("conditions.3.op", "type_cannot_compare"),
                tuple("conditions.4.op", "type_cannot_compare"));
        assertThat(problems.get(0).message()).contains("'tags' is a collection");
    }

    @Test
    void shouldRefuseACycleBetweenSegments() {
        // Given segment a in b, and b being changed to name a
        final SegmentDefinition b = segment("b", definition("all", attribute("vip", "eq", true)), Map.of());
        final SegmentDefinition a = segment("a", definition("all", member("b", "in")), Map.of("b", b));

        // When b is redefined to depend on a, and c to depend on itself
        final List<Violation> cycle = problems("b", definition("all", member("a", "not_in")), Map.of("a", a, "b", b));
        final List<Violation> self = problems("c", definition("any", member("c", "in")), Map.of());

        // Then both are refused, the chain named
        assertThat(cycle).extracting(v -> v.at().dotted(), Violation::type)
                .containsExactly(tuple("conditions.0.segment", "cycle"));
        assertThat(cycle.getFirst().message()).endsWith("b → a → b");
        assertThat(self).extracting(Violation::type).containsExactly("cycle");
    }

    @Test
    void shouldRefuseASegmentThatDoesNotExist() {
        // Given a definition naming a segment the workspace has not
        // When it is parsed
        final List<Violation> problems = problems(definition("all", member("gone", "in")));

        // Then it is refused
        assertThat(problems).extracting(v -> v.at().dotted(), Violation::type)
                .containsExactly(tuple("conditions.0.segment", "unknown_segment"));
    }

    @Test
    void shouldRefuseNestingDeeperThanFiveLevelsWithoutDescending() {
        // Given groups nested five levels (allowed) and ten thousand levels (not)
        Object allowed = attribute("vip", "eq", true);
        for (int level = 0; level < SegmentLimits.MAX_DEPTH - 1; level++) {
            allowed = group("all", allowed);
        }
        Object deep = attribute("vip", "eq", true);
        for (int level = 0; level < 10_000; level++) {
            deep = group("all", deep);
        }

        // When both are parsed
        segment(definition("all", allowed));
        final List<Violation> problems = problems(definition("all", deep));

        // Then only the deep one is refused, once, at the first level too deep
        assertThat(problems).extracting(v -> v.at().dotted(), Violation::type).containsExactly(
                tuple("conditions.0.conditions.0.conditions.0.conditions.0.conditions.0", "too_deep"));
    }

    @Test
    void shouldRefuseMoreThanHundredConditionsWithoutReadingAMillion() {
        // Given a definition with a million conditions
        final List<Object> many = Collections.nCopies(1_000_000, attribute("vip", "eq", true));

        // When it is parsed
        final List<Violation> problems = problems(Map.of("name", "wide", "match", "any", "conditions", many));

        // Then it is refused at the 101st
        assertThat(problems).extracting(v -> v.at().dotted(), Violation::type)
                .containsExactly(tuple("conditions.100", "too_many_conditions"));
    }

    @Test
    void shouldListAtMostHundredProblems() {
        // Given a hundred conditions with two problems each
        final List<Object> broken = Collections.nCopies(100, Map.of("attribute", "nope", "op", "like", "colour", "red"));

        // When it is parsed
        final List<Violation> problems = problems(Map.of("name", "broken", "match", "any", "conditions", broken));

        // Then a hundred problems are listed and one more says the rest were left out
        assertThat(problems).hasSize(SegmentLimits.MAX_PROBLEMS + 1);
        assertThat(problems.getLast().type()).isEqualTo("too_many_problems");
    }

    @Test
    void shouldReportHugeNumbersAsProblemsNotExceptions() {
        // Given counts and values far beyond any bound, as a JSON library hands them
        final Map<String, Object> tree = definition("all",
                events("purchase", "gte", 0, "P1D"),
                Map.of("event", "purchase", "op", "gte", "count", new BigDecimal("1e999999999"), "within", "P1D"),
                Map.of("event", "purchase", "op", "gte", "count", BigInteger.TEN.pow(400), "within", "P1D"),
                Map.of("event", "purchase", "op", "gte", "count", 2.5, "within", "P1D"),
                attribute("spent", "gt", new BigDecimal("1e999999999")),
                attribute("orders", "lt", BigInteger.TEN.pow(400)),
                Map.of("event", "purchase", "op", "gte", "count", 1, "within", "P99999999999999999999D"),
                Map.of("event", "purchase", "op", "gte", "count", 1, "within", "PT" + "9".repeat(100) + "S"));

        // When it is parsed
        final List<Violation> problems = problems(tree);

        // Then each is a problem
        assertThat(problems).extracting(v -> v.at().dotted(), Violation::type).containsExactly(
                tuple("conditions.1.count", "count_out_of_range"),
                tuple("conditions.2.count", "count_out_of_range"),
                tuple("conditions.3.count", "count_out_of_range"),
                tuple("conditions.4.value", "value_not_comparable"),
                tuple("conditions.5.value", "value_not_comparable"),
                tuple("conditions.6.within", "bad_duration"),
                tuple("conditions.7.within", "bad_duration"));
    }

    @Test
    void shouldCountNamesInCharactersAndRefuseControlCharacters() {
        // Given names of 200 emoji (allowed), 201 emoji, blank, and holding a control character
        final String emoji = "\uD83D\uDE00";
        segment(Map.of("name", emoji.repeat(200), "match", "all", "conditions", List.of()));
        final Map<String, Object> tree = Map.of("name", emoji.repeat(201), "match", "all", "conditions", List.of(
                events("buy\u0000now", "gte", 1, "P1D"),
                attribute(" ", "exists"),
                Map.of("segment", 123, "op", "in")));

        // When it is parsed
        final List<Violation> problems = problems(tree);

        // Then each name is refused for its reason
        assertThat(problems).extracting(v -> v.at().dotted(), Violation::type).containsExactly(
                tuple("name", "too_long"),
                tuple("conditions.0.event", "control_characters"),
                tuple("conditions.1.attribute", "blank"),
                tuple("conditions.2.segment", "not_a_string"));
    }

    @Test
    void shouldRefuseMalformedConditions() {
        // Given a body that is not an object, and conditions of every broken shape
        final Map<String, Object> nullValue = new HashMap<>();
        nullValue.put("attribute", "plan");
        nullValue.put("op", "eq");
        nullValue.put("value", null);
        final Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("match", "all");
        tree.put("conditions", List.of("plan = pro", Map.of("colour", "red"), Map.of("attribute", "plan", "event", "x"),
                nullValue, attribute("plan", "in", List.of()), attribute("plan", "in", List.of("a", List.of("b"))),
                attribute("vip", "exists", true), attribute("plan", "eq", Map.of("nested", 1)),
                attribute("plan", "in", Collections.nCopies(101, "a")), Map.of("match", "all", "conditions", "none")));

        // When both are parsed
        final List<Violation> notAnObject = problems(List.of(1, 2));
        final List<Violation> problems = problems(tree);

        // Then each is refused
        assertThat(notAnObject).extracting(Violation::type).containsExactly("not_an_object");
        assertThat(problems).extracting(v -> v.at().dotted(), Violation::type).containsExactly(
                tuple("name", "required"),
                tuple("conditions.0", "not_an_object"),
                tuple("conditions.1", "unknown_condition"),
                tuple("conditions.2", "ambiguous_condition"),
                tuple("conditions.3.value", "required"),
                tuple("conditions.4.value", "not_a_list"),
                tuple("conditions.5.value.1", "not_a_scalar"),
                tuple("conditions.6.value", "unexpected_value"),
                tuple("conditions.7.value", "not_a_scalar"),
                tuple("conditions.8.value", "too_many_values"),
                tuple("conditions.9.conditions", "not_a_list"));
    }

    @Test
    void shouldReadConditionValuesAsTheWritesOfTheirTypeAre() {
        // Given values written as the contract's accepted inputs of each type
        final SegmentDefinition definition = segment(definition("all",
                attribute("renewal", "gte", "05/01/2024"),
                attribute("vip", "eq", "yes"),
                attribute("orders", "gt", "2.5"),
                attribute("spent", "in", List.of(1, "2.50", 3.25))));

        // When the operands are read
        final List<Condition> leaves = SegmentDefinition.leaves(definition.root());

        // Then each is in the comparable form of its property's type
        assertThat(((Condition.AttributeCondition) leaves.get(0)).operands().get(AttributeType.DATE))
                .isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
        assertThat(((Condition.AttributeCondition) leaves.get(1)).operands().get(AttributeType.BOOLEAN))
                .isEqualTo(true);
        assertThat(((Condition.AttributeCondition) leaves.get(2)).operands().get(AttributeType.INTEGER))
                .isEqualTo(new BigDecimal("2.5"));
        assertThat(((Condition.AttributeCondition) leaves.get(3)).operands().get(AttributeType.NUMBER))
                .isEqualTo(List.of(new BigDecimal("1"), new BigDecimal("2.50"), new BigDecimal("3.25")));
    }

    @Test
    void shouldRefuseAnEnumValueThePropertyDoesNotDefine() {
        // Given an enum property "tier" defining gold and silver
        // When conditions name a defined and an undefined value
        final List<Violation> problems = problems(definition("any", attribute("tier", "eq", "platinum"),
                attribute("tier", "in", List.of("gold", "bronze")), attribute("tier", "ne", "silver")));

        // Then only the undefined ones are refused
        assertThat(problems).extracting(v -> v.at().dotted(), Violation::type).containsExactly(
                tuple("conditions.0.value", "value_not_comparable"),
                tuple("conditions.1.value.1", "value_not_comparable"));
    }

    @Test
    void shouldLoadAStoredDefinitionWhosePropertyWasDeletedOrWhoseSegmentsFormACycle() {
        // Given a definition accepted earlier, naming a property since deleted and a segment since redefined
        final Map<String, Object> tree = definition("all", attribute("nickname", "ne", "x"),
                relative("expiry", "within_next", "P7D"), member("b", "in"));

        // When read back from its topic
        final SegmentParser.Parsed parsed = SegmentParser.stored(java.time.ZoneOffset.UTC).parse("a", tree, Map.of());

        // Then it loads (its conditions see a missing value), but a broken shape still does not
        assertThat(parsed).isInstanceOf(SegmentParser.Parsed.Valid.class);
        final SegmentDefinition definition = ((SegmentParser.Parsed.Valid) parsed).definition();
        assertThat(SegmentEvaluator.matches(definition, SegmentFixtures.profile(Map.of()), null, SegmentFixtures.NOW, java.util.Set.of("b")))
                .isFalse();
        assertThat(SegmentParser.stored(java.time.ZoneOffset.UTC).parse("a", definition("all", attribute("x", "like", 1)), Map.of()))
                .isInstanceOf(SegmentParser.Parsed.Invalid.class);
    }

    @Test
    void shouldRefuseLongMultiByteValuesNamingThemShortly() {
        // Given a text value of 100,000 emoji for a string property, and a property name of a million characters
        final String emoji = "\uD83D\uDE00";
        final Map<String, Object> tree = definition("all", attribute("plan", "eq", emoji.repeat(100_000)),
                attribute("x".repeat(1_000_000), "exists"));

        // When it is parsed
        final List<Violation> problems = problems(tree);

        // Then both are refused, the value quoted by its first 40 characters, whole
        assertThat(problems).extracting(v -> v.at().dotted(), Violation::type).containsExactly(
                tuple("conditions.0.value", "value_not_comparable"),
                tuple("conditions.1.attribute", "too_long"));
        assertThat(problems.getFirst().message()).startsWith("'" + emoji.repeat(40) + "…' cannot be compared with a string");
    }
}
