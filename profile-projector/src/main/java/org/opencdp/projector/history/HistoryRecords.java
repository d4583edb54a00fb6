package org.opencdp.projector.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.opencdp.avro.Attribute;
import org.opencdp.avro.HistoryChange;
import org.opencdp.avro.HistoryChangeKind;
import org.opencdp.avro.HistoryOrigin;
import org.opencdp.avro.HistoryStep;
import org.opencdp.avro.Profile;

/**
 * The entries of one fold step as the {@code customer-history} store keeps them: one {@code HistoryStep} with what
 * they share (time, request id, source) and their changes, and back. The values are the profile's own records,
 * kept as they are; a merge's {@code created_at} is kept as epoch milliseconds.
 */
public final class HistoryRecords {

    private HistoryRecords() {
    }

    /** The step of {@code entries}, which one fold step made: they share its context. */
    public static HistoryStep step(final List<HistoryEntry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a step changes something");
        }
        final HistoryEntry first = entries.getFirst();
        final List<HistoryChange> changes = new ArrayList<>(entries.size());
        for (final HistoryEntry entry : entries) {
            if (!entry.at().equals(first.at()) || !entry.requestId().equals(first.requestId())
                    || !entry.source().equals(first.source())) {
                throw new IllegalArgumentException("the entries of one step share its time, request and source");
            }
            final boolean stamped = entry.newValue() instanceof Attribute attribute
                    && attribute.getUpdatedAt().equals(first.at()) && attribute.getRequestId().equals(first.requestId());
            changes.add(new HistoryChange(HistoryChangeKind.valueOf(entry.kind().name()), entry.name(), entry.item(),
                    entry.position(), stored(entry.oldValue()),
                    stamped ? unstamped((Attribute) entry.newValue()) : stored(entry.newValue()), stamped));
        }
        return new HistoryStep(first.at(), first.requestId(), first.source().kind().name(), first.source().detail(),
                changes, 0, List.of());
    }

    /**
     * The step that created a profile with {@code entries}: their context and their number only, when every value
     * it set is stamped with its time and request id (as the fold creates a profile); what they set is then the
     * profile as it stood after the step, which {@link #created(HistoryStep, Profile)} turns back into them. Else
     * (a survivor created by absorbing keeps the absorbed values' own stamps) the whole step.
     */
    public static HistoryStep creation(final List<HistoryEntry> entries) {
        final HistoryStep step = step(entries);
        if (step.getChanges().stream().allMatch(change -> change.getKind() != HistoryChangeKind.ATTRIBUTE
                || change.getStamped())) {
            step.setChanges(List.of());
            step.setCreated(entries.size());
        }
        return step;
    }

    /**
     * {@code step} with these changes, creation count and origin, sharing its other values: a shallow copy (Avro's
     * builders deep-copy through {@code GenericData}, which cannot copy a step read from the store in every class
     * loader; a copy sharing values is all a step needs, since none is changed once built).
     */
    public static HistoryStep with(final HistoryStep step, final List<HistoryChange> changes, final int created,
                                   final List<HistoryOrigin> mergedFrom) {
        return new HistoryStep(step.getAt(), step.getRequestId(), step.getSource(), step.getSourceDetail(), changes,
                created, mergedFrom);
    }

    /** The entries {@code step} holds: those of its changes, or those of the creation it records. */
    public static int entries(final HistoryStep step) {
        return step.getCreated() > 0 ? step.getCreated() : step.getChanges().size();
    }

    /**
     * The entries of a creation step ({@link #creation}), newest first, rebuilt from {@code after}: the profile
     * as the step left it. They are what {@link HistoryDiff} finds between no profile and that one.
     */
    public static List<HistoryEntry> created(final HistoryStep step, final Profile after) {
        final List<HistoryEntry> made = HistoryDiff.between(Optional.empty(), after,
                new HistoryContext(step.getAt(), step.getRequestId(), source(step)));
        final List<HistoryEntry> entries = new ArrayList<>(made.size());
        for (final HistoryEntry entry : made.reversed()) {
            // Every value it set bore its stamp (creation()); a later write of the same value moved that.
            entries.add(entry.newValue() instanceof Attribute value ? new HistoryEntry(entry.at(), entry.kind(),
                    entry.name(), entry.item(), entry.position(), entry.oldValue(),
                    new Attribute(value.getValue(), step.getAt(), step.getRequestId()), entry.requestId(), entry.source())
                    : entry);
        }
        return entries;
    }

    /**
     * {@code step} without the old values of what it replaced (a removal keeps its old value: it has no other):
     * what is kept of a step too large to store whole. {@code as_of} before it can then not be exact.
     */
    public static HistoryStep withoutReplacedValues(final HistoryStep step) {
        final List<HistoryChange> changes = new ArrayList<>(step.getChanges().size());
        for (final HistoryChange change : step.getChanges()) {
            changes.add(change.getNewValue() == null ? change : new HistoryChange(change.getKind(), change.getName(),
                    change.getItem(), change.getPosition(), null, change.getNewValue(), change.getStamped()));
        }
        return with(step, changes, step.getCreated(), step.getMergedFrom());
    }

    /**
     * The step's entries, newest first: the last change of the step first. None for a creation step: its entries
     * are {@link #created(HistoryStep, Profile)}'s.
     */
    public static List<HistoryEntry> newestFirst(final HistoryStep step) {
        final HistorySource source = source(step);
        final String mergedFrom = step.getMergedFrom().isEmpty() ? null : step.getMergedFrom().getFirst().getCustomerId();
        final List<HistoryChange> changes = step.getChanges();
        final List<HistoryEntry> entries = new ArrayList<>(changes.size());
        for (int i = changes.size() - 1; i >= 0; i--) {
            final HistoryChange change = changes.get(i);
            final boolean createdAt = HistoryDiff.CREATED_AT.equals(change.getName());
            final Object newValue = change.getStamped()
                    ? new Attribute(((Attribute) change.getNewValue()).getValue(), step.getAt(), step.getRequestId())
                    : value(change.getNewValue(), createdAt);
            entries.add(new HistoryEntry(step.getAt(), HistoryKind.valueOf(change.getKind().name()), change.getName(),
                    change.getItem(), change.getPosition(), value(change.getOldValue(), createdAt), newValue,
                    step.getRequestId(), source, mergedFrom));
        }
        return entries;
    }

    private static HistorySource source(final HistoryStep step) {
        return new HistorySource(HistorySource.Kind.valueOf(step.getSource()),
                step.getSourceDetail() == null ? null : step.getSourceDetail().toString());
    }

    /** The attribute without what its step holds already (its time and request id). */
    private static Attribute unstamped(final Attribute attribute) {
        return new Attribute(attribute.getValue(), Instant.EPOCH, "");
    }

    private static Object stored(final Object value) {
        return value instanceof Instant instant ? instant.toEpochMilli() : value;
    }

    private static Object value(final Object stored, final boolean instant) {
        if (stored instanceof CharSequence text) {
            return text.toString();
        }
        return instant && stored instanceof Long millis ? Instant.ofEpochMilli(millis) : stored;
    }
}
