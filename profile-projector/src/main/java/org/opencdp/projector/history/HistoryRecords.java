package org.opencdp.projector.history;

import java.time.Instant;

import org.opencdp.avro.HistoryChange;

/**
 * A {@link HistoryEntry} as the {@code customer-history} store keeps it ({@code HistoryChange}), and back. The
 * values are the profile's own records, kept as they are; a merge's {@code created_at} is kept as epoch
 * milliseconds.
 */
public final class HistoryRecords {

    private HistoryRecords() {
    }

    public static HistoryChange record(final HistoryEntry entry) {
        return new HistoryChange(entry.at(), entry.kind().label(), entry.name(), entry.item(), entry.position(),
                stored(entry.oldValue()), stored(entry.newValue()), entry.requestId(), entry.source().kind().name(),
                entry.source().detail());
    }

    public static HistoryEntry entry(final HistoryChange change) {
        final boolean createdAt = HistoryDiff.CREATED_AT.equals(change.getName());
        return new HistoryEntry(change.getAt(), HistoryKind.of(change.getKind()), change.getName(), change.getItem(),
                change.getPosition(), value(change.getOldValue(), createdAt), value(change.getNewValue(), createdAt),
                change.getRequestId(), new HistorySource(HistorySource.Kind.valueOf(change.getSource()),
                change.getSourceDetail()));
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
