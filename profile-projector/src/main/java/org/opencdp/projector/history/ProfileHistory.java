package org.opencdp.projector.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.ArrayValue;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.HistoryStep;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.MergeRecord;
import org.opencdp.avro.HistoryPosition;
import org.opencdp.avro.Profile;
import org.opencdp.avro.Subscription;
import org.opencdp.projector.customer.Profiles;

/**
 * The profile as it stood at an instant ({@code ?as_of=}, contract section 12): the current profile with every
 * entry after the instant undone, newest first. Its attributes, array items, identifiers, subscriptions, merge
 * records, {@code merged_into} and {@code created_at} are exactly those of the fold of the commands up to the
 * instant (ProfileHistoryProperties checks it). What the history does not keep stays as it is now or is
 * approximated: {@code updated_at} and {@code last_request_id} become those of the newest change at or before
 * the instant; the revision counter and the recent rejections are today's; an attribute written again with the
 * value it held keeps its newest update time, and an array field whose items were undone its current one.
 *
 * <p>Cost: one pass over the entries after the instant (each a map or list operation on a copy); nothing
 * before it is read, so a store range scan from now back to the instant is all a caller needs (plus the first
 * entry at or before it, for {@code updated_at}).
 */
public final class ProfileHistory {

    private ProfileHistory() {
    }

    /**
     * @param current            the profile now
     * @param entriesNewestFirst its history, newest first (in fold order: the store's key order)
     * @return the profile at {@code instant}; empty when it did not exist then (created after it)
     */
    public static Optional<Profile> asOf(final Profile current, final Iterable<HistoryEntry> entriesNewestFirst,
                                         final Instant instant) {
        final Undo undo = new Undo(current);
        HistoryEntry before = null;
        for (final HistoryEntry entry : entriesNewestFirst) {
            if (entry.mergedFrom() != null) {
                continue;
            }
            if (!entry.at().isAfter(instant)) {
                before = entry;
                break;
            }
            undo.apply(entry);
        }
        final Profile then = undo.result();
        if (undo.undone) {
            // Stamped as the newest change it still holds; a profile none is left of was last changed when created.
            then.setUpdatedAt(before == null ? then.getCreatedAt() : before.at());
            then.setLastRequestId(before == null ? "" : before.requestId());
        }
        return then.getCreatedAt().isAfter(instant) ? Optional.empty() : Optional.of(then);
    }

    /**
     * The profile as it stood at a position of its history (a workflow run's): {@code current} with every entry of
     * the steps filed after the position undone (but those a merge brought: the merge's own entry takes the absorbed
     * data out), its update time and last request those of the newest step of its own at or before it. Steps are
     * filed in fold order, so this is
     * exact whatever the order of the commands' timestamps.
     *
     * @param stepsNewestFirst the customer's stored steps by key, newest first (the store's order)
     * @param completeFrom     the head's: a step from then on was not kept whole
     * @return {@link AsOf.Absent} when the profile did not exist at the position (its first step is after it: it was
     *         deleted, its history erased, and created again; or no step of its own is at or before it);
     *         {@link AsOf.Incomplete} when a step after it was not kept whole (its replaced values too large to keep)
     * @throws HistoryMismatch when an entry does not match the profile it is undone from
     */
    public static AsOf atPosition(final Profile current, final Iterator<Map.Entry<HistoryKey, HistoryStep>> stepsNewestFirst,
                                  final Optional<Instant> completeFrom, final HistoryPosition position) {
        if (completeFrom.isPresent() && completeFrom.get().isAfter(position.getTime())) {
            return new AsOf.Incomplete(completeFrom.get());
        }
        final Undo undo = new Undo(current);
        while (stepsNewestFirst.hasNext()) {
            final Map.Entry<HistoryKey, HistoryStep> stored = stepsNewestFirst.next();
            final HistoryKey at = stored.getKey();
            final HistoryStep step = stored.getValue();
            final boolean after = at.time().isAfter(position.getTime())
                    || at.time().equals(position.getTime()) && at.sequence() > position.getSequence();
            if (after) {
                if (step.getCreated() > 0) {
                    return new AsOf.Absent();
                }
                HistoryRecords.newestFirst(step).forEach(undo::apply);
            } else if (step.getMergedFrom().isEmpty()) {
                // Stamped as that step: a later command that filed nothing (a value written again, one refused)
                // left no trace to tell its request from.
                final Profile then = undo.result();
                then.setUpdatedAt(step.getAt());
                then.setLastRequestId(step.getRequestId());
                then.setHistoryPosition(position);
                return new AsOf.Found(then);
            }
        }
        return new AsOf.Absent();
    }

    /**
     * {@code current} with every entry of {@code entriesNewestFirst} undone: the profile as it stood before the
     * oldest of them (a creation step's entries are rebuilt from it: {@link HistoryRecords#created}).
     */
    public static Profile undone(final Profile current, final Iterable<HistoryEntry> entriesNewestFirst) {
        final Undo undo = new Undo(current);
        entriesNewestFirst.forEach(undo::apply);
        return undo.result();
    }

    /**
     * The entries of a whole history, newest first: each step's own, a creation step's rebuilt from {@code current}
     * with every newer entry undone ({@link HistoryRecords#created}).
     */
    public static List<HistoryEntry> entries(final Profile current, final Iterable<HistoryStep> stepsNewestFirst) {
        final List<HistoryEntry> entries = new ArrayList<>();
        for (final HistoryStep step : stepsNewestFirst) {
            entries.addAll(step.getCreated() == 0 ? HistoryRecords.newestFirst(step)
                    : HistoryRecords.created(step, undone(current, entries)));
        }
        return entries;
    }

    /**
     * The steps of a whole history, newest first, each holding its own changes (a creation step's rebuilt from
     * {@code current}): so they can move into another profile's history, where {@code current}'s values are not.
     */
    public static List<HistoryStep> standalone(final Profile current, final List<HistoryStep> stepsNewestFirst) {
        final List<HistoryStep> steps = new ArrayList<>(stepsNewestFirst.size());
        final List<HistoryEntry> newer = new ArrayList<>();
        for (final HistoryStep step : stepsNewestFirst) {
            if (step.getCreated() == 0) {
                steps.add(step);
                newer.addAll(HistoryRecords.newestFirst(step));
            } else {
                final List<HistoryEntry> created = HistoryRecords.created(step, undone(current, newer));
                // Aligned with the steps given: a creation nothing is rebuilt of (none) stays, as a step of no change.
                final HistoryStep whole = created.isEmpty()
                        ? HistoryRecords.with(step, List.of(), 0, List.of())
                        : HistoryRecords.step(created.reversed());
                whole.setMergedFrom(step.getMergedFrom());
                steps.add(whole);
                newer.addAll(created);
            }
        }
        return steps;
    }

    /** A copy of the profile that entries are undone on, one after the other. */
    private static final class Undo {

        private final Profile profile;
        private final Map<String, Attribute> attributes;
        private final List<Identifier> identifiers;
        private final List<Subscription> subscriptions;
        private final List<MergeRecord> merges;
        private boolean undone;

        Undo(final Profile current) {
            profile = Profiles.copy(current);
            attributes = new HashMap<>(current.getAttributes());
            identifiers = new ArrayList<>(current.getIdentifiers());
            subscriptions = new ArrayList<>(current.getSubscriptions());
            merges = new ArrayList<>(current.getMerges());
        }

        void apply(final HistoryEntry entry) {
            if (entry.mergedFrom() != null) {
                // Another profile's change, brought here by a merge: this profile's own entries undo the merge.
                return;
            }
            undone = true;
            try {
                undo(entry);
            } catch (ClassCastException | IndexOutOfBoundsException | IllegalStateException | NullPointerException e) {
                throw e instanceof HistoryMismatch mismatch ? mismatch : new HistoryMismatch(entry, e.getMessage(), e);
            }
        }

        private void undo(final HistoryEntry entry) {
            switch (entry.kind()) {
                case ATTRIBUTE -> {
                    if (entry.oldValue() == null) {
                        attributes.remove(entry.name());
                    } else {
                        attributes.put(entry.name(), Attribute.class.cast(entry.oldValue()));
                    }
                }
                case ARRAY_ITEM -> {
                    final Attribute array = attributes.get(entry.name());
                    if (array == null || !(array.getValue() instanceof ArrayValue value)) {
                        throw new HistoryMismatch(entry, "it undoes an item of " + entry.name() + ", no array then", null);
                    }
                    final List<ArrayItem> items = new ArrayList<>(value.getItems());
                    undo(items, ArrayItem.class, entry);
                    attributes.put(entry.name(), new Attribute(new ArrayValue(items), array.getUpdatedAt(), array.getRequestId()));
                }
                case IDENTIFIER -> undo(identifiers, Identifier.class, entry);
                case SUBSCRIPTION -> undo(subscriptions, Subscription.class, entry);
                case MERGE -> {
                    switch (entry.name()) {
                        case HistoryDiff.MERGES -> undo(merges, MergeRecord.class, entry);
                        case HistoryDiff.MERGED_INTO -> profile.setMergedInto((String) entry.oldValue());
                        case HistoryDiff.CREATED_AT -> profile.setCreatedAt(Objects.requireNonNull((Instant) entry.oldValue()));
                        default -> throw new HistoryMismatch(entry, "no such merge entry", null);
                    }
                }
            }
        }

        /**
         * Added: taken out of its position; removed: put back at its position; changed: the old value back. The old
         * value is cast to the list's type here: a list of the wrong type would fail only when the profile is shown.
         */
        private static <T> void undo(final List<T> list, final Class<T> type, final HistoryEntry entry) {
            if (entry.oldValue() == null) {
                list.remove(entry.position());
            } else if (entry.newValue() == null) {
                list.add(entry.position(), type.cast(entry.oldValue()));
            } else {
                list.set(entry.position(), type.cast(entry.oldValue()));
            }
        }

        Profile result() {
            profile.setAttributes(attributes);
            profile.setIdentifiers(identifiers);
            profile.setSubscriptions(subscriptions);
            profile.setMerges(merges);
            return profile;
        }
    }
}
