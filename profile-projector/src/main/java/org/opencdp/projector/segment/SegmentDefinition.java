package org.opencdp.projector.segment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A valid segment definition (only {@link SegmentParser} builds one from a caller's JSON): its id, its name and
 * its top-level group ({@code match} and {@code conditions} of the definition itself). What it depends on is
 * computed once: the segments it names, the events it counts, the longest window it uses, and its conditions
 * that time alone can change ({@code timed}: relative dates and event counts, what
 * {@link SegmentEvaluator#nextChange} looks at; empty when only a write can change a customer's answer).
 */
public record SegmentDefinition(String id, String name, Condition.Group root, Set<String> segments,
                                Set<String> events, Duration longestWindow, List<Condition> timed) {

    public SegmentDefinition {
        segments = Set.copyOf(segments);
        events = Set.copyOf(events);
        timed = List.copyOf(timed);
    }

    static SegmentDefinition of(final String id, final String name, final Condition.Group root) {
        final Set<String> segments = new LinkedHashSet<>();
        final Set<String> events = new LinkedHashSet<>();
        final List<Condition> timed = new ArrayList<>();
        Duration longest = Duration.ZERO;
        for (final Condition leaf : leaves(root)) {
            switch (leaf) {
                case Condition.Membership m -> segments.add(m.segment());
                case Condition.EventCount c -> {
                    events.add(c.event());
                    longest = c.within().compareTo(longest) > 0 ? c.within() : longest;
                    timed.add(c);
                }
                case Condition.RelativeDate d -> timed.add(d);
                default -> {
                }
            }
        }
        return new SegmentDefinition(id, name, root, segments, events, longest, timed);
    }

    /** Every condition that is not a group, depth first in the order written. */
    static List<Condition> leaves(final Condition.Group group) {
        final List<Condition> leaves = new ArrayList<>();
        for (final Condition condition : group.conditions()) {
            if (condition instanceof Condition.Group inner) {
                leaves.addAll(leaves(inner));
            } else {
                leaves.add(condition);
            }
        }
        return leaves;
    }
}
