package org.opencdp.projector.segment;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.opencdp.avro.Attribute;
import org.opencdp.avro.DateValue;
import org.opencdp.avro.Profile;
import org.opencdp.schemas.values.AttributeType;

/**
 * Decides whether a profile is in a segment at an instant: the one evaluator, called by the live stream, by the
 * backfill and by preview and explain alike (docs/segments.md, "Conditions"). Pure: the same definition,
 * profile, counts, instant and memberships always give the same answer.
 *
 * <p>{@link #matches} stops at the first condition that decides a group; {@link #evaluate} visits every
 * condition to explain; both decide each condition with the same code ({@link #decide}).
 */
public final class SegmentEvaluator {

    private SegmentEvaluator() {
    }

    /** The answer and why. */
    public record Evaluation(boolean member, Explanation explanation) {
    }

    /**
     * Whether {@code profile} is in {@code definition} at {@code now}.
     *
     * @param profile     the customer's profile; null (deleted) or merged into another is in no segment
     * @param counts      the customer's event counts; null counts nothing
     * @param memberships ids of the other segments the customer is in at {@code now} (those the definition names
     *                    are evaluated first, see {@link SegmentSet})
     */
    public static boolean matches(final SegmentDefinition definition, final Profile profile, final EventCounts counts,
                                  final Instant now, final Set<String> memberships) {
        return present(profile) && matches(definition.root(), new Facts(profile, counts, now, memberships));
    }

    /** {@link #matches} with an explanation of every condition. */
    public static Evaluation evaluate(final SegmentDefinition definition, final Profile profile, final EventCounts counts,
                                      final Instant now, final Set<String> memberships) {
        if (!present(profile)) {
            final Explanation none = new Explanation("", "group", describe(definition.root()), false,
                    profile == null ? "no profile (deleted)" : "merged into " + profile.getMergedInto(), List.of());
            return new Evaluation(false, none);
        }
        final Explanation explanation = explain(definition.root(), new Facts(profile, counts, now, memberships));
        return new Evaluation(explanation.matched(), explanation);
    }

    /**
     * The earliest instant after {@code now} at which {@link #matches} can answer otherwise with nothing written:
     * a relative date crossing its bound or an event entering or leaving a count's window; empty when only a write
     * can change the answer. Before that instant the answer is the one at {@code now} (for fixed memberships of
     * other segments: {@link SegmentSet#nextChange} covers those).
     */
    public static Optional<Instant> nextChange(final SegmentDefinition definition, final Profile profile,
                                               final EventCounts counts, final Instant now) {
        if (!present(profile)) {
            return Optional.empty();
        }
        Instant next = null;
        for (final Condition leaf : definition.timed()) {
            final Optional<Instant> change = switch (leaf) {
                case Condition.RelativeDate date -> date(profile, date.attribute())
                        .flatMap(v -> firstAfter(now, bounds(date, v)));
                case Condition.EventCount count -> counts == null ? Optional.empty()
                        : counts.nextChange(count.event(), count.within(), now);
                default -> Optional.empty();
            };
            if (change.isPresent() && (next == null || change.get().isBefore(next))) {
                next = change.get();
            }
        }
        return Optional.ofNullable(next);
    }

    private record Facts(Profile profile, EventCounts counts, Instant now, Set<String> memberships) {
    }

    /** How one condition came out, and the values that decided it (rendered only to explain). */
    private record Decision(boolean matched, Object actual, Object detail) {
    }

    private static boolean present(final Profile profile) {
        return profile != null && profile.getMergedInto() == null;
    }

    private static boolean matches(final Condition condition, final Facts facts) {
        if (condition instanceof Condition.Group group) {
            final boolean all = group.match() == Condition.Match.ALL;
            for (final Condition inner : group.conditions()) {
                if (matches(inner, facts) != all) {
                    return !all;
                }
            }
            return all;
        }
        return decide(condition, facts).matched();
    }

    private static Explanation explain(final Condition condition, final Facts facts) {
        if (condition instanceof Condition.Group group) {
            final List<Explanation> inner = new ArrayList<>(group.conditions().size());
            int matched = 0;
            for (final Condition c : group.conditions()) {
                final Explanation e = explain(c, facts);
                inner.add(e);
                matched += e.matched() ? 1 : 0;
            }
            final boolean result = group.match() == Condition.Match.ALL ? matched == inner.size() : matched > 0;
            return new Explanation(group.at(), "group", describe(group), result,
                    matched + " of " + inner.size() + " matched", inner);
        }
        final Decision decision = decide(condition, facts);
        return new Explanation(condition.at(), kind(condition), describe(condition), decision.matched(),
                decidedBy(condition, decision), List.of());
    }

    /** The one place each kind of condition is decided. */
    private static Decision decide(final Condition condition, final Facts facts) {
        return switch (condition) {
            case Condition.AttributeCondition c -> attribute(c, facts.profile().getAttributes().get(c.attribute()));
            case Condition.RelativeDate c -> {
                final Optional<Instant> value = date(facts.profile(), c.attribute());
                if (value.isEmpty()) {
                    yield new Decision(false, stored(facts.profile(), c.attribute()), null);
                }
                final Instant[] bounds = bounds(c, value.get());
                final boolean inside = !facts.now().isBefore(bounds[0]) && (bounds.length == 1 || facts.now().isBefore(bounds[1]));
                yield new Decision(inside, value.get(), facts.now());
            }
            case Condition.EventCount c -> {
                final long n = facts.counts() == null ? 0 : facts.counts().count(c.event(), c.within(), facts.now());
                yield new Decision(c.op().holds(n, c.count()), n, facts.now());
            }
            case Condition.Membership c -> {
                final boolean member = facts.memberships().contains(c.segment());
                yield new Decision(member == c.in(), member, null);
            }
            case Condition.Group g -> new Decision(matches(g, facts), null, null);
        };
    }

    /**
     * An attribute condition on the stored value ({@code null} when missing). Missing: only {@code not_exists}
     * and {@code ne} hold. A stored value whose type cannot take the operator or the condition's value (after a
     * type change) is unequal: {@code ne} holds, every other operator fails. {@code ne} is always "not eq".
     */
    private static Decision attribute(final Condition.AttributeCondition c, final Attribute attribute) {
        final Object stored = attribute == null ? null : attribute.getValue();
        if (c.op() == Condition.AttributeOp.EXISTS || c.op() == Condition.AttributeOp.NOT_EXISTS) {
            return new Decision((stored != null) == (c.op() == Condition.AttributeOp.EXISTS), stored, null);
        }
        if (stored == null) {
            return new Decision(c.op() == Condition.AttributeOp.NE, null, null);
        }
        final AttributeType type = AttributeType.of(stored);
        final Optional<Object> actual = Operands.stored(stored);
        final Object operand = c.operands().get(type);
        final boolean comparable = actual.isPresent() && operand != null
                && (c.op() == Condition.AttributeOp.NE ? Condition.AttributeOp.EQ : c.op()).compares(type);
        if (!comparable) {
            return new Decision(c.op() == Condition.AttributeOp.NE, stored, type);
        }
        final Object value = actual.get();
        final boolean matched = switch (c.op()) {
            case EQ -> compare(value, operand) == 0;
            case NE -> compare(value, operand) != 0;
            case GT -> compare(value, operand) > 0;
            case GTE -> compare(value, operand) >= 0;
            case LT -> compare(value, operand) < 0;
            case LTE -> compare(value, operand) <= 0;
            case CONTAINS -> value instanceof List<?> items ? items.contains(operand)
                    : ((String) value).contains((String) operand);
            case IN -> ((List<?>) operand).stream().anyMatch(item -> compare(value, item) == 0);
            case EXISTS, NOT_EXISTS -> throw new IllegalStateException("decided above");
        };
        return new Decision(matched, stored, type);
    }

    /** Numbers numerically, dates as instants, text case-sensitively by code point, booleans false before true. */
    @SuppressWarnings("unchecked")
    private static int compare(final Object value, final Object operand) {
        if (value instanceof String a && operand instanceof String b) {
            return codePointOrder(a, b);
        }
        return ((Comparable<Object>) value).compareTo(operand);
    }

    private static int codePointOrder(final String a, final String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            final int ca = a.codePointAt(i);
            final int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    private static Object stored(final Profile profile, final String attribute) {
        final Attribute a = profile.getAttributes().get(attribute);
        return a == null ? null : a.getValue();
    }

    private static Optional<Instant> date(final Profile profile, final String attribute) {
        return stored(profile, attribute) instanceof DateValue date ? Optional.of(date.getValue()) : Optional.empty();
    }

    /**
     * The instants between which a relative date holds, as {@code [from, until)} ({@code [from]} when it holds
     * from then on): within_last {@code [v, v + d)}, within_next {@code [v - d, v)}, before_last {@code [v + d, ∞)}.
     */
    private static Instant[] bounds(final Condition.RelativeDate c, final Instant v) {
        return switch (c.op()) {
            case WITHIN_LAST -> new Instant[] {v, v.plus(c.duration())};
            case WITHIN_NEXT -> new Instant[] {v.minus(c.duration()), v};
            case BEFORE_LAST -> new Instant[] {v.plus(c.duration())};
        };
    }

    private static Optional<Instant> firstAfter(final Instant now, final Instant[] bounds) {
        for (final Instant bound : bounds) {
            if (bound.isAfter(now)) {
                return Optional.of(bound);
            }
        }
        return Optional.empty();
    }

    private static String kind(final Condition condition) {
        return switch (condition) {
            case Condition.Group ignored -> "group";
            case Condition.AttributeCondition ignored -> "attribute";
            case Condition.RelativeDate ignored -> "relative_date";
            case Condition.EventCount ignored -> "event_count";
            case Condition.Membership ignored -> "segment";
        };
    }

    /** The condition as a person reads it: {@code plan eq pro}, {@code purchase gte 3 within P30D}. */
    static String describe(final Condition condition) {
        return switch (condition) {
            case Condition.Group g -> g.match().label() + " of " + g.conditions().size() + " conditions";
            case Condition.AttributeCondition c -> c.attribute() + " " + c.op().label()
                    + (c.op().takesValue() ? " " + valueText(c.value()) : "");
            case Condition.RelativeDate c -> c.attribute() + " " + c.op().label() + " " + durationText(c.duration());
            case Condition.EventCount c -> c.event() + " " + c.op().label() + " " + c.count() + " within " + durationText(c.within());
            case Condition.Membership c -> (c.in() ? "in" : "not_in") + " segment " + c.segment();
        };
    }

    /** Whole days as days ({@code P30D}, as people write them; {@link Duration#toString()} says PT720H). */
    private static String durationText(final Duration duration) {
        return duration.toSeconds() % 86_400 == 0 && duration.toNanosPart() == 0 ? "P" + duration.toDays() + "D" : duration.toString();
    }

    private static String valueText(final Object value) {
        return value instanceof List<?> list ? list.stream().map(SegmentEvaluator::valueText).toList().toString()
                : value instanceof BigDecimal d ? d.toString() : String.valueOf(value);
    }

    private static String decidedBy(final Condition condition, final Decision d) {
        return switch (condition) {
            case Condition.AttributeCondition c -> d.actual() == null ? c.attribute() + " is missing"
                    : c.attribute() + " is " + Operands.stored(d.actual()).map(Operands::text).orElse("an array")
                    + " (" + AttributeType.of(d.actual()).label() + ")"
                    + (c.op().takesValue() && c.operands().get(AttributeType.of(d.actual())) == null
                    ? ", which the value cannot be compared with" : "");
            case Condition.RelativeDate c -> d.actual() instanceof Instant v
                    ? c.attribute() + " is " + v + " (now " + d.detail() + ")"
                    : d.actual() == null ? c.attribute() + " is missing" : c.attribute() + " is not a date";
            case Condition.EventCount c -> d.actual() + " " + c.event() + " events from "
                    + ((Instant) d.detail()).minus(c.within()) + " (excluded) to " + d.detail();
            case Condition.Membership c -> (Boolean.TRUE.equals(d.actual()) ? "in" : "not in") + " segment " + c.segment();
            case Condition.Group g -> "";
        };
    }
}
