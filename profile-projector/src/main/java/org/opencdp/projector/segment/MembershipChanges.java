package org.opencdp.projector.segment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.opencdp.avro.Profile;

/**
 * What one evaluation of a customer changed: the segments it is in now, each entry and exit with its reason, and
 * the segments it was in that are no longer defined. Whatever evaluates a customer (the fold after a write or an
 * event, and later the punctuator and the backfill) decides through this one method, so they cannot disagree.
 */
public final class MembershipChanges {

    /** The longest reason kept, in code points: a reason travels on every entered/exited event. */
    public static final int MAX_REASON_LENGTH = 1000;
    /** The reason of every exit of a deleted customer (contract section 11). */
    public static final String DELETED = "deleted";
    static final String ON_A_CYCLE = "the segment is on a cycle of membership conditions: it has no members until that is broken";

    private MembershipChanges() {
    }

    /** One entry ({@code entered}) or exit, and why. */
    public record Change(String segmentId, String segmentName, boolean entered, String reason) {
    }

    /**
     * @param members the segments the customer is in now
     * @param changes its entries and exits, in evaluation order
     * @param dropped segments it was in that are no longer defined (deleted): no event, but no membership either
     */
    public record Result(Set<String> members, List<Change> changes, Set<String> dropped) {

        public Result {
            members = Set.copyOf(members);
            changes = List.copyOf(changes);
            dropped = Set.copyOf(dropped);
        }

        /** Whether the stored memberships must be written. */
        public boolean changed() {
            return !changes.isEmpty() || !dropped.isEmpty();
        }
    }

    /**
     * Evaluates every segment of {@code set} for one customer at {@code now}, against the segments it was in
     * ({@code before}).
     *
     * @param profile the customer's profile; null once deleted (it leaves every segment with reason {@link #DELETED})
     * @param counts  its event counts; null counts nothing
     */
    public static Result evaluate(final SegmentSet set, final Set<String> before, final Profile profile,
                                  final EventCounts counts, final Instant now) {
        final Map<String, Boolean> answers = set.evaluate(profile, counts, now);
        final Set<String> members = new TreeSet<>();
        answers.forEach((id, member) -> {
            if (member) {
                members.add(id);
            }
        });
        final List<Change> changes = new ArrayList<>();
        final Set<String> defined = new TreeSet<>(set.unordered());
        for (final SegmentDefinition definition : set.ordered()) {
            defined.add(definition.id());
            final boolean was = before.contains(definition.id());
            final boolean is = members.contains(definition.id());
            if (was != is) {
                changes.add(new Change(definition.id(), definition.name(), is,
                        reason(definition, profile, counts, now, members, is)));
            }
        }
        for (final String id : set.unordered()) {
            if (before.contains(id)) {
                changes.add(new Change(id, id, false, profile == null ? DELETED : ON_A_CYCLE));
            }
        }
        final Set<String> dropped = new TreeSet<>(before);
        dropped.removeAll(defined);
        return new Result(members, changes, dropped);
    }

    /** The conditions that decided the answer, each with the values that decided it ({@link Explanation}). */
    static String reason(final SegmentDefinition definition, final Profile profile, final EventCounts counts,
                         final Instant now, final Set<String> members, final boolean entered) {
        if (profile == null) {
            return DELETED;
        }
        if (definition.root().conditions().isEmpty()) {
            return "no conditions: every customer";
        }
        final Explanation explanation = SegmentEvaluator.evaluate(definition, profile, counts, now, members).explanation();
        final List<String> deciding = explanation.conditions().stream().filter(c -> c.matched() == entered)
                .map(c -> c.condition() + ": " + c.decidedBy()).toList();
        return bounded(deciding.isEmpty() ? explanation.decidedBy() : String.join("; ", deciding));
    }

    private static String bounded(final String text) {
        if (text.length() <= MAX_REASON_LENGTH || text.codePointCount(0, text.length()) <= MAX_REASON_LENGTH) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, MAX_REASON_LENGTH - 1)) + "…";
    }
}
