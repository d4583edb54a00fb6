package org.opencdp.projector.history;

import java.time.Instant;

/**
 * Where a page of a customer's history ended: the step it ended in ({@link HistoryKey}: key time and sequence) and
 * how many of that step's entries it gave (newest first; 0 when it ended before the step). The next page goes on
 * from there. Key order does not
 * change while steps are added (they go before it, newest first), so a cursor stays valid; steps the bounds
 * dropped meanwhile are simply not there.
 */
public record HistoryCursor(Instant time, long sequence, int given) {

    private static final int MAX_LENGTH = 60;

    public HistoryCursor {
        if (time == null || sequence < 0 || given < 0) {
            throw new IllegalArgumentException("a history cursor has a time, and a sequence and a count of entries "
                    + "given that are not negative");
        }
    }

    /** Reads a cursor this class formatted. */
    public static HistoryCursor parse(final String text) {
        final String[] parts = text == null || text.length() > MAX_LENGTH ? new String[0] : text.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("cursor is not one a history page gave: " + shortened(text));
        }
        try {
            return new HistoryCursor(Instant.ofEpochMilli(Long.parseLong(parts[0])), Long.parseLong(parts[1]),
                    Integer.parseInt(parts[2]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor is not one a history page gave: " + shortened(text), e);
        }
    }

    public String format() {
        return time.toEpochMilli() + "." + sequence + "." + given;
    }

    /** The key of the step the page ended in. */
    public HistoryKey key(final String workspaceId, final String customerId) {
        return new HistoryKey(workspaceId, customerId, time, sequence);
    }

    private static String shortened(final String text) {
        return text == null ? "null" : text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
