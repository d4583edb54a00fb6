package org.opencdp.projector.history;

import java.time.Instant;

/**
 * A history entry that cannot be undone on the profile it is read with: its list position is out of range, its
 * value is not of its kind, it undoes an item of what is no array. The fold never writes one (a step is the diff of
 * the profile before and after it); a history step brought by a command a direct producer forged can be one. Reads
 * treat the history as complete only from after it, as for a step that was not kept whole.
 */
public final class HistoryMismatch extends IllegalStateException {

    private final transient Instant at;

    HistoryMismatch(final HistoryEntry entry, final String problem, final Throwable cause) {
        super("the history entry of " + entry.at() + " (" + entry.kind().label() + " " + entry.name()
                + ") cannot be undone: " + problem, cause);
        this.at = entry.at();
    }

    /** The time of the entry that cannot be undone: the history is complete only from after it. */
    public Instant at() {
        return at;
    }
}
