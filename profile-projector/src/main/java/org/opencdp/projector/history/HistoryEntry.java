package org.opencdp.projector.history;

import java.time.Instant;

/**
 * One change of one profile (contract section 12). {@code oldValue} is {@code null} when something was added,
 * {@code newValue} {@code null} when it was removed. The values are the profile model's own types: an
 * {@code Attribute} (value with its update time and request id), an {@code ArrayItem}, an {@code Identifier}, a
 * {@code Subscription}, a {@code MergeRecord}; for a merge's {@value HistoryDiff#MERGED_INTO} a customer id and
 * for its {@value HistoryDiff#CREATED_AT} an {@link Instant}.
 *
 * @param name     the property or array field; the identifier's kind (or custom name); {@code channel/type} of a
 *                 subscription; {@value HistoryDiff#MERGES}, {@value HistoryDiff#MERGED_INTO} or
 *                 {@value HistoryDiff#CREATED_AT} for a merge
 * @param item     the array item's id, or the merge id of a merge record; {@code null} otherwise
 * @param position where in its list (array items, identifiers, subscriptions, merge records) the value stood:
 *                 a removed one in the list before, an added or changed one in the list after; -1 for an
 *                 attribute or a profile field. {@link ProfileHistory} undoes with it, so the list's order comes
 *                 back exactly
 * @param mergedFrom the customer whose entry this was, when a merge brought it into this profile's history (it
 *                   changed that profile, not this one: {@link ProfileHistory} does not undo it); else null
 */
public record HistoryEntry(Instant at, HistoryKind kind, String name, String item, int position, Object oldValue,
                           Object newValue, String requestId, HistorySource source, String mergedFrom) {

    /** An entry of this profile's own. */
    public HistoryEntry(final Instant at, final HistoryKind kind, final String name, final String item,
                        final int position, final Object oldValue, final Object newValue, final String requestId,
                        final HistorySource source) {
        this(at, kind, name, item, position, oldValue, newValue, requestId, source, null);
    }

    public HistoryEntry {
        if (at == null || kind == null || name == null || requestId == null || source == null) {
            throw new IllegalArgumentException("a history entry has a time, a kind, a name, a request id and a source");
        }
        if (oldValue == null && newValue == null) {
            throw new IllegalArgumentException("a history entry changes something");
        }
    }
}
