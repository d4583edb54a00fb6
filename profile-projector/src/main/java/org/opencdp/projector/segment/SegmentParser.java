package org.opencdp.projector.segment;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.opencdp.projector.attribute.Coercion;
import org.opencdp.projector.attribute.PropertyDefinition;
import org.opencdp.projector.catalog.Catalog;
import org.opencdp.schemas.values.AttributeType;
import org.opencdp.schemas.values.ControlCharacters;
import org.opencdp.schemas.values.Ids;
import org.opencdp.schemas.values.Path;
import org.opencdp.schemas.values.Violation;

/**
 * Reads a segment definition from its JSON tree (maps, lists, strings, numbers, booleans and nulls, as a JSON
 * library hands them) and checks it completely: every problem is listed with where it sits, so a route can
 * answer one 400 naming them all (contract section 11). Bounded work on hostile input: nesting beyond
 * {@link SegmentLimits#MAX_DEPTH} is not descended into, conditions past {@link SegmentLimits#MAX_CONDITIONS}
 * are not read, at most {@link SegmentLimits#MAX_PROBLEMS} problems are listed; never an exception.
 *
 * <p>Attribute conditions are checked against the workspace's catalog: the property must be defined and its type
 * must compare with the operator and the value. Membership conditions are checked against the workspace's other
 * definitions: the segment must exist and no cycle may form.
 */
public final class SegmentParser {

    private static final Set<String> DEFINITION_FIELDS = Set.of("name", "match", "conditions");
    private static final Set<String> GROUP_FIELDS = Set.of("match", "conditions");
    private static final Set<String> ATTRIBUTE_FIELDS = Set.of("attribute", "op", "value");
    private static final Set<String> RELATIVE_FIELDS = Set.of("attribute", "op", "duration");
    private static final Set<String> EVENT_FIELDS = Set.of("event", "op", "count", "within");
    private static final Set<String> MEMBERSHIP_FIELDS = Set.of("segment", "op");

    private final String workspaceId;
    private final Catalog catalog;
    private final Coercion coercion;

    /**
     * A parser for definitions a caller writes: conditions are checked against the catalog and the other segments.
     *
     * @param workspaceId the workspace the definition belongs to
     * @param catalog     its property catalog, for the types conditions compare by
     * @param zone        its time zone, for dates written without one in a condition's value
     */
    public SegmentParser(final String workspaceId, final Catalog catalog, final ZoneId zone) {
        this.workspaceId = workspaceId;
        this.catalog = catalog;
        this.coercion = new Coercion(zone);
    }

    /**
     * A parser for definitions already accepted (read back from their topic): their shape and bounds are checked,
     * not the catalog nor the other segments, so a definition still loads after its property was deleted or
     * retyped (its conditions then see a missing or differently typed value, see docs/segments.md) and a cycle
     * formed by concurrent writes is left to {@link SegmentSet}.
     */
    public static SegmentParser stored(final ZoneId zone) {
        return new SegmentParser(null, null, zone);
    }

    private boolean checksCatalog() {
        return catalog != null;
    }

    /** What parsing gave: a definition, or every problem found. */
    public sealed interface Parsed {

        record Valid(SegmentDefinition definition) implements Parsed {
        }

        record Invalid(List<Violation> problems) implements Parsed {
            public Invalid {
                problems = List.copyOf(problems);
            }
        }
    }

    /**
     * Parses {@code tree} as the definition of segment {@code id}.
     *
     * @param others the workspace's other definitions by id (a definition of {@code id} among them is the one
     *               being replaced and is ignored), for membership conditions and cycles
     */
    public Parsed parse(final String id, final Object tree, final Map<String, SegmentDefinition> others) {
        final Run run = new Run();
        if (!(tree instanceof Map<?, ?> body)) {
            run.problem(Path.root(), "not_an_object", "a segment definition is a JSON object");
            return run.result(null);
        }
        run.unknownFields(Path.root(), body, DEFINITION_FIELDS);
        final String name = run.name(Path.root().field("name"), body.get("name"), "a segment's name");
        final Condition.Group root = run.group(Path.root(), body, 1);
        if (root == null || name == null || !run.problems.isEmpty()) {
            return run.result(null);
        }
        final SegmentDefinition definition = SegmentDefinition.of(id, name, root);
        if (checksCatalog()) {
            run.references(definition, others);
        }
        return run.result(definition);
    }

    /** One parse: its problems and how many conditions it has read. */
    private final class Run {

        private final List<Violation> problems = new ArrayList<>();
        private boolean truncated;
        private int conditions;

        Parsed result(final SegmentDefinition definition) {
            return problems.isEmpty() && definition != null ? new Parsed.Valid(definition) : new Parsed.Invalid(problems);
        }

        void problem(final Path at, final String type, final String message) {
            if (problems.size() < SegmentLimits.MAX_PROBLEMS) {
                problems.add(new Violation(at, type, message));
            } else if (!truncated) {
                truncated = true;
                problems.add(new Violation(Path.root(), "too_many_problems",
                        "more than " + SegmentLimits.MAX_PROBLEMS + " problems; the rest are not listed"));
            }
        }

        void unknownFields(final Path at, final Map<?, ?> object, final Set<String> known) {
            for (final Object key : object.keySet()) {
                if (!known.contains(key)) {
                    problem(at.field(String.valueOf(key)), "unknown_field", "unknown field; expected one of " + known.stream().sorted().toList());
                }
            }
        }

        /** A group's {@code match} and {@code conditions}; null when broken (its problems recorded). */
        Condition.Group group(final Path at, final Map<?, ?> object, final int depth) {
            final Object matchLabel = object.get("match");
            final Optional<Condition.Match> match = matchLabel instanceof String s ? Condition.Match.fromLabel(s) : Optional.empty();
            if (match.isEmpty()) {
                problem(at.field("match"), matchLabel == null ? "required" : "unknown_match", "match must be \"all\" or \"any\"");
            }
            final Object items = object.get("conditions");
            if (!(items instanceof List<?> list)) {
                problem(at.field("conditions"), items == null ? "required" : "not_a_list", "conditions must be a list");
                return null;
            }
            final List<Condition> read = new ArrayList<>(Math.min(list.size(), SegmentLimits.MAX_CONDITIONS));
            for (int i = 0; i < list.size(); i++) {
                if (++conditions > SegmentLimits.MAX_CONDITIONS) {
                    problem(at.field("conditions").index(i), "too_many_conditions",
                            "a segment may have at most " + SegmentLimits.MAX_CONDITIONS + " conditions (groups included)");
                    return null;
                }
                final Condition condition = condition(at.field("conditions").index(i), list.get(i), depth);
                if (condition != null) {
                    read.add(condition);
                }
            }
            return match.map(m -> new Condition.Group(at.dotted(), m, read)).orElse(null);
        }

        Condition condition(final Path at, final Object item, final int depth) {
            if (!(item instanceof Map<?, ?> object)) {
                problem(at, "not_an_object", "a condition is a JSON object");
                return null;
            }
            final int kinds = (object.containsKey("conditions") ? 1 : 0) + (object.containsKey("attribute") ? 1 : 0)
                    + (object.containsKey("event") ? 1 : 0) + (object.containsKey("segment") ? 1 : 0);
            if (kinds != 1) {
                problem(at, kinds == 0 ? "unknown_condition" : "ambiguous_condition",
                        "a condition names exactly one of conditions (a group), attribute, event or segment");
                return null;
            }
            if (object.containsKey("conditions")) {
                if (depth + 1 > SegmentLimits.MAX_DEPTH) {
                    problem(at, "too_deep", "groups nest at most " + SegmentLimits.MAX_DEPTH + " levels (the definition is level 1)");
                    return null;
                }
                unknownFields(at, object, GROUP_FIELDS);
                return group(at, object, depth + 1);
            }
            if (object.containsKey("event")) {
                return eventCount(at, object);
            }
            if (object.containsKey("segment")) {
                return membership(at, object);
            }
            return attribute(at, object);
        }

        Condition attribute(final Path at, final Map<?, ?> object) {
            final String attribute = name(at.field("attribute"), object.get("attribute"), "a property name");
            final Object opLabel = object.get("op");
            final String op = opLabel instanceof String s ? s : null;
            final Optional<Condition.RelativeOp> relative = op == null ? Optional.empty() : Condition.RelativeOp.fromLabel(op);
            final Optional<Condition.AttributeOp> compare = op == null ? Optional.empty() : Condition.AttributeOp.fromLabel(op);
            if (relative.isEmpty() && compare.isEmpty()) {
                problem(at.field("op"), opLabel == null ? "required" : "unknown_operator",
                        "op must be one of eq, ne, gt, gte, lt, lte, exists, not_exists, contains, in, within_last, within_next, before_last");
                unknownFields(at, object, ATTRIBUTE_FIELDS);
                return null;
            }
            final Optional<PropertyDefinition> property = attribute == null || !checksCatalog() ? Optional.empty()
                    : catalog.definition(workspaceId, attribute);
            if (attribute != null && checksCatalog() && property.isEmpty()) {
                problem(at.field("attribute"), "unknown_property", "no property '" + attribute + "' in the catalog");
            }
            final AttributeType type = property.map(PropertyDefinition::type).orElse(null);
            if (relative.isPresent()) {
                unknownFields(at, object, RELATIVE_FIELDS);
                if (type != null && type != AttributeType.DATE) {
                    problem(at.field("op"), "type_cannot_compare",
                            "'" + attribute + "' is a " + type.label() + "; " + op + " compares dates only");
                }
                final Duration duration = duration(at.field("duration"), object.get("duration"), SegmentLimits.MAX_RELATIVE_DURATION);
                return attribute == null || (type == null && checksCatalog()) || duration == null ? null
                        : new Condition.RelativeDate(at.dotted(), attribute, relative.get(), duration);
            }
            unknownFields(at, object, ATTRIBUTE_FIELDS);
            final Condition.AttributeOp operator = compare.get();
            if (type != null && !operator.compares(type)) {
                problem(at.field("op"), "type_cannot_compare", "'" + attribute + "' is a " + type.label() + "; " + op
                        + " compares " + Arrays.stream(AttributeType.values()).filter(operator::compares)
                        .map(AttributeType::label).toList());
            }
            final Object value = object.get("value");
            final Map<AttributeType, Object> operands = operands(at.field("value"), operator, object.containsKey("value"), value, type);
            if (operands != null && type == AttributeType.ENUM && operator.takesValue()) {
                enumValues(at.field("value"), value, property.get().enumValues());
            }
            return attribute == null || (type == null && checksCatalog()) || operands == null ? null
                    : new Condition.AttributeCondition(at.dotted(), attribute, operator, value, operands);
        }

        /** The value read for every type; null when it is broken for {@code type} (problem recorded). */
        Map<AttributeType, Object> operands(final Path at, final Condition.AttributeOp op, final boolean present,
                                            final Object value, final AttributeType type) {
            if (!op.takesValue()) {
                if (present) {
                    problem(at, "unexpected_value", op.label() + " takes no value");
                    return null;
                }
                return Map.of();
            }
            if (op == Condition.AttributeOp.IN) {
                if (!(value instanceof List<?> list) || list.isEmpty()) {
                    problem(at, value == null ? "required" : "not_a_list", "in takes a non-empty list of values");
                    return null;
                }
                if (list.size() > SegmentLimits.MAX_IN_VALUES) {
                    problem(at, "too_many_values", "in takes at most " + SegmentLimits.MAX_IN_VALUES + " values");
                    return null;
                }
                boolean scalars = true;
                for (int i = 0; i < list.size(); i++) {
                    if (!Operands.isScalar(list.get(i))) {
                        problem(at.index(i), "not_a_scalar", "a value of in is a string, number or boolean");
                        scalars = false;
                    } else if (type != null && op.compares(type) && Operands.read(list.get(i), type, coercion).isEmpty()) {
                        problem(at.index(i), "value_not_comparable", notComparable(list.get(i), type));
                        scalars = false;
                    }
                }
                return scalars ? Operands.list(list, coercion) : null;
            }
            if (!Operands.isScalar(value)) {
                problem(at, value == null ? "required" : "not_a_scalar", op.label() + " takes one value: a string, number or boolean");
                return null;
            }
            if (type != null && op.compares(type) && Operands.read(value, type, coercion).isEmpty()) {
                problem(at, "value_not_comparable", notComparable(value, type));
                return null;
            }
            return Operands.scalar(value, coercion);
        }

        /** An enum property compares with its defined values only: any other value is a mistake. */
        void enumValues(final Path at, final Object value, final List<String> defined) {
            final List<?> values = value instanceof List<?> list ? list : List.of(value);
            for (int i = 0; i < values.size(); i++) {
                if (!defined.contains(Operands.coercible(values.get(i)) instanceof String s ? s : "")) {
                    problem(value instanceof List<?> ? at.index(i) : at, "value_not_comparable",
                            "not one of the defined values " + defined);
                }
            }
        }

        private static String notComparable(final Object value, final AttributeType type) {
            final String text = String.valueOf(value);
            final String shown = text.codePointCount(0, Math.min(text.length(), 81)) > 40
                    ? text.substring(0, text.offsetByCodePoints(0, 40)) + "…" : text;
            return "'" + shown + "' cannot be compared with a "
                    + type.label() + (type == AttributeType.INTEGER || type == AttributeType.NUMBER ? " (a number within 40 digits and 1e±308)" : "");
        }

        Condition eventCount(final Path at, final Map<?, ?> object) {
            unknownFields(at, object, EVENT_FIELDS);
            final String event = name(at.field("event"), object.get("event"), "an event name");
            final Object opLabel = object.get("op");
            final Optional<Condition.CountOp> op = opLabel instanceof String s ? Condition.CountOp.fromLabel(s) : Optional.empty();
            if (op.isEmpty()) {
                problem(at.field("op"), opLabel == null ? "required" : "unknown_operator", "op of an event count must be gte, lte or eq");
            }
            final Long count = count(at.field("count"), object.get("count"));
            final Duration within = duration(at.field("within"), object.get("within"), SegmentLimits.MAX_WINDOW);
            return event == null || op.isEmpty() || count == null || within == null ? null
                    : new Condition.EventCount(at.dotted(), event, op.get(), count, within);
        }

        Long count(final Path at, final Object raw) {
            final String outOfRange = "count must be a whole number from 0 to " + SegmentLimits.MAX_COUNT;
            final BigInteger whole = switch (raw) {
                case Integer i -> BigInteger.valueOf(i);
                case Long l -> BigInteger.valueOf(l);
                case BigInteger i -> i;
                case BigDecimal d when d.signum() == 0 -> BigInteger.ZERO;
                case BigDecimal d when d.scale() <= 0 && d.precision() - d.scale() <= 20 -> d.toBigInteger();
                case BigDecimal d when d.scale() > 0 && d.stripTrailingZeros().scale() <= 0 -> d.toBigInteger();
                case Double d when Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 1e18 -> BigInteger.valueOf((long) (double) d);
                case null -> null;
                default -> BigInteger.valueOf(-1);
            };
            if (whole == null) {
                problem(at, "required", outOfRange);
                return null;
            }
            if (whole.signum() < 0 || whole.compareTo(BigInteger.valueOf(SegmentLimits.MAX_COUNT)) > 0) {
                problem(at, "count_out_of_range", outOfRange);
                return null;
            }
            return whole.longValue();
        }

        Duration duration(final Path at, final Object raw, final Duration max) {
            final String expected = "an ISO-8601 duration such as P30D or PT12H, longer than zero and at most P" + max.toDays() + "D";
            if (!(raw instanceof String text)) {
                problem(at, raw == null ? "required" : "bad_duration", expected);
                return null;
            }
            final Duration duration;
            try {
                duration = text.length() > SegmentLimits.MAX_DURATION_TEXT ? null : Duration.parse(text);
            } catch (DateTimeParseException | ArithmeticException notADuration) {
                problem(at, "bad_duration", expected + " (" + notADuration.getMessage() + ")");
                return null;
            }
            if (duration == null || duration.isNegative() || duration.isZero()) {
                problem(at, "bad_duration", expected);
                return null;
            }
            if (duration.compareTo(max) > 0) {
                problem(at, max == SegmentLimits.MAX_WINDOW ? "window_too_long" : "duration_too_long", expected);
                return null;
            }
            return duration;
        }

        Condition membership(final Path at, final Map<?, ?> object) {
            unknownFields(at, object, MEMBERSHIP_FIELDS);
            final String segment = name(at.field("segment"), object.get("segment"), "a segment id");
            final Object op = object.get("op");
            if (!"in".equals(op) && !"not_in".equals(op)) {
                problem(at.field("op"), op == null ? "required" : "unknown_operator", "op of a segment condition must be in or not_in");
                return null;
            }
            return segment == null ? null : new Condition.Membership(at.dotted(), segment, "in".equals(op));
        }

        /** A name: a string of 1 to 200 characters without control characters; null when not (problem recorded). */
        String name(final Path at, final Object raw, final String what) {
            if (!(raw instanceof String text)) {
                problem(at, raw == null ? "required" : "not_a_string", what + " is required as a string");
                return null;
            }
            final Optional<Ids.Problem> problem = Ids.problem(text, SegmentLimits.MAX_NAME_LENGTH);
            if (problem.isPresent()) {
                switch (problem.get()) {
                    case BLANK -> problem(at, "blank", what + " may not be blank");
                    case TOO_LONG -> problem(at, "too_long", what + " is at most " + SegmentLimits.MAX_NAME_LENGTH + " characters");
                    case CONTROL_CHARACTERS -> problem(at, "control_characters", ControlCharacters.message(what));
                }
                return null;
            }
            return text;
        }

        /** Segments named must exist, and no chain of memberships may lead back to this one. */
        void references(final SegmentDefinition definition, final Map<String, SegmentDefinition> others) {
            final Map<String, SegmentDefinition> graph = new HashMap<>(others);
            graph.put(definition.id(), definition);
            for (final Condition leaf : SegmentDefinition.leaves(definition.root())) {
                if (leaf instanceof Condition.Membership membership) {
                    final Path at = pathOf(membership.at()).field("segment");
                    if (!graph.containsKey(membership.segment())) {
                        problem(at, "unknown_segment", "no segment '" + membership.segment() + "' in this workspace");
                    } else {
                        cycle(graph, definition.id(), membership.segment()).ifPresent(chain ->
                                problem(at, "cycle", "segments would depend on each other: " + String.join(" → ", chain)));
                    }
                }
            }
        }
    }

    /** A chain {@code self → start → … → self} through membership conditions, if there is one. */
    static Optional<List<String>> cycle(final Map<String, SegmentDefinition> graph, final String self, final String start) {
        final Map<String, String> cameFrom = new HashMap<>();
        final Set<String> seen = new HashSet<>();
        final Deque<String> todo = new ArrayDeque<>();
        todo.add(start);
        seen.add(start);
        while (!todo.isEmpty()) {
            final String at = todo.poll();
            if (at.equals(self)) {
                final List<String> chain = new ArrayList<>();
                for (String step = self; step != null; step = cameFrom.get(step)) {
                    chain.addFirst(step);
                }
                chain.addFirst(self);
                return Optional.of(chain);
            }
            final SegmentDefinition next = graph.get(at);
            if (next != null) {
                for (final String referenced : next.segments()) {
                    if (seen.add(referenced)) {
                        cameFrom.put(referenced, at);
                        todo.add(referenced);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** A condition's dotted location back as a path (field names and indexes). */
    private static Path pathOf(final String dotted) {
        Path path = Path.root();
        if (dotted.isEmpty()) {
            return path;
        }
        for (final String segment : dotted.split("\\.")) {
            path = segment.chars().allMatch(Character::isDigit) ? path.index(Integer.parseInt(segment)) : path.field(segment);
        }
        return path;
    }
}
