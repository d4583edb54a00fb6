package org.opencdp.projector.segment;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.opencdp.schemas.values.AttributeType;

/**
 * One condition of a segment definition (contract section 11), as the parser built it from a valid definition.
 * Every condition knows where it sits in the definition ({@code at}, e.g. {@code conditions.1.conditions.0}), so
 * an explanation names it the way a caller wrote it.
 */
public sealed interface Condition {

    String at();

    /** How a group combines its conditions. */
    enum Match {
        ALL("all"), ANY("any");

        private final String label;

        Match(final String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Optional<Match> fromLabel(final String label) {
            return Arrays.stream(values()).filter(m -> m.label.equals(label)).findFirst();
        }
    }

    /** {@code {"match","conditions":[…]}}: all (an empty group matches) or any (an empty group does not). */
    record Group(String at, Match match, List<Condition> conditions) implements Condition {
        public Group {
            conditions = List.copyOf(conditions);
        }
    }

    /** The operators of an attribute condition and the property types each can compare. */
    enum AttributeOp {
        EQ("eq", AttributeType.STRING, AttributeType.INTEGER, AttributeType.NUMBER, AttributeType.BOOLEAN, AttributeType.DATE, AttributeType.ENUM),
        NE("ne", AttributeType.STRING, AttributeType.INTEGER, AttributeType.NUMBER, AttributeType.BOOLEAN, AttributeType.DATE, AttributeType.ENUM),
        GT("gt", AttributeType.STRING, AttributeType.INTEGER, AttributeType.NUMBER, AttributeType.DATE),
        GTE("gte", AttributeType.STRING, AttributeType.INTEGER, AttributeType.NUMBER, AttributeType.DATE),
        LT("lt", AttributeType.STRING, AttributeType.INTEGER, AttributeType.NUMBER, AttributeType.DATE),
        LTE("lte", AttributeType.STRING, AttributeType.INTEGER, AttributeType.NUMBER, AttributeType.DATE),
        EXISTS("exists", AttributeType.values()),
        NOT_EXISTS("not_exists", AttributeType.values()),
        CONTAINS("contains", AttributeType.STRING, AttributeType.COLLECTION),
        IN("in", AttributeType.STRING, AttributeType.INTEGER, AttributeType.NUMBER, AttributeType.BOOLEAN, AttributeType.DATE, AttributeType.ENUM);

        private final String label;
        private final Set<AttributeType> types;

        AttributeOp(final String label, final AttributeType... types) {
            this.label = label;
            this.types = EnumSet.copyOf(List.of(types));
        }

        public String label() {
            return label;
        }

        public boolean compares(final AttributeType type) {
            return types.contains(type);
        }

        /** Whether the operator takes a {@code value}. */
        public boolean takesValue() {
            return this != EXISTS && this != NOT_EXISTS;
        }

        static Optional<AttributeOp> fromLabel(final String label) {
            return Arrays.stream(values()).filter(o -> o.label.equals(label)).findFirst();
        }
    }

    /**
     * {@code {"attribute","op","value"}}. {@code operands} holds the value in the comparable form of every type it
     * can be read as (see {@link Operands}), so evaluation compares by the type the stored value has now, also
     * after the catalog changed the property's type; for {@code in} each operand is a list. {@code value} is the
     * value as written, for explanations.
     */
    record AttributeCondition(String at, String attribute, AttributeOp op, Object value,
                              Map<AttributeType, Object> operands) implements Condition {
        public AttributeCondition {
            operands = Map.copyOf(operands);
        }
    }

    /** The operators of a relative date. */
    enum RelativeOp {
        /** The date lies in {@code (now - duration, now]}. */
        WITHIN_LAST("within_last"),
        /** The date lies in {@code (now, now + duration]}. */
        WITHIN_NEXT("within_next"),
        /** The date lies at or before {@code now - duration}. */
        BEFORE_LAST("before_last");

        private final String label;

        RelativeOp(final String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Optional<RelativeOp> fromLabel(final String label) {
            return Arrays.stream(values()).filter(o -> o.label.equals(label)).findFirst();
        }
    }

    /** {@code {"attribute","op":"within_last"|"within_next"|"before_last","duration"}} on a date property. */
    record RelativeDate(String at, String attribute, RelativeOp op, Duration duration) implements Condition {
    }

    /** The operators of an event count. */
    enum CountOp {
        GTE("gte"), LTE("lte"), EQ("eq");

        private final String label;

        CountOp(final String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        boolean holds(final long count, final long bound) {
            return switch (this) {
                case GTE -> count >= bound;
                case LTE -> count <= bound;
                case EQ -> count == bound;
            };
        }

        static Optional<CountOp> fromLabel(final String label) {
            return Arrays.stream(values()).filter(o -> o.label.equals(label)).findFirst();
        }
    }

    /** {@code {"event","op","count","within"}}: the customer's events of that name in the trailing window. */
    record EventCount(String at, String event, CountOp op, long count, Duration within) implements Condition {
    }

    /** {@code {"segment","op":"in"|"not_in"}}: membership of another segment of the workspace. */
    record Membership(String at, String segment, boolean in) implements Condition {
    }
}
