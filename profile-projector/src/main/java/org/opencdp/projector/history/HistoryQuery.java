package org.opencdp.projector.history;

import java.time.Instant;
import java.util.Optional;

/**
 * What {@code GET /customers/{id}/history} asks (contract section 12): entries of one property or array field
 * ({@code attribute}), whose key time is within {@code from} and {@code to} (inclusive), after a cursor, at most
 * {@code limit} of them, newest first. Any of them may be absent (null).
 */
public record HistoryQuery(String attribute, Instant from, Instant to, HistoryCursor cursor, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    /** Entries one page reads at most while filtering (the entry limit's default: a whole history). */
    public static final int MAX_SCANNED = 10_000;

    public HistoryQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", not " + limit);
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("from must not be after to");
        }
    }

    /** Whether {@code entry} is one the query asks for (its time range is the scan's). */
    public boolean matches(final HistoryEntry entry) {
        return attribute == null || (attribute.equals(entry.name())
                && (entry.kind() == HistoryKind.ATTRIBUTE || entry.kind() == HistoryKind.ARRAY_ITEM));
    }

    public Optional<HistoryCursor> after() {
        return Optional.ofNullable(cursor);
    }
}
