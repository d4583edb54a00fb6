package org.opencdp.projector.history;

import java.time.Instant;

/**
 * Where a page of a customer's history ended: the last entry's key time and sequence ({@link HistoryKey}). The
 * next page starts after it. Key order does not change while entries are added (they go before it, newest
 * first), so a cursor stays valid; entries the bounds dropped meanwhile are simply not there.
 */
public record HistoryCursor(Instant time, long sequence) {

    public HistoryCursor {
        if (time == null || sequence < 0) {
            throw new IllegalArgumentException("a history cursor has a time and a sequence that is not negative");
        }
    }

    public static HistoryCursor of(final HistoryKey key) {
        return new HistoryCursor(key.time(), key.sequence());
    }

    /** Reads a cursor this class formatted. */
    public static HistoryCursor parse(final String text) {
        final int dot = text == null ? -1 : text.lastIndexOf('.');
        if (dot <= 0 || dot == text.length() - 1 || text.length() > 41) {
            throw new IllegalArgumentException("cursor is not one a history page gave: " + shortened(text));
        }
        try {
            return new HistoryCursor(Instant.ofEpochMilli(Long.parseLong(text.substring(0, dot))),
                    Long.parseLong(text.substring(dot + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cursor is not one a history page gave: " + shortened(text), e);
        }
    }

    public String format() {
        return time.toEpochMilli() + "." + sequence;
    }

    public HistoryKey key(final String workspaceId, final String customerId) {
        return new HistoryKey(workspaceId, customerId, time, sequence);
    }

    private static String shortened(final String text) {
        return text == null ? "null" : text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
