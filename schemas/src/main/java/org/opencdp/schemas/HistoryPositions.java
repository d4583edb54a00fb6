package org.opencdp.schemas;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.opencdp.avro.HistoryPosition;

/**
 * The text of a {@link HistoryPosition}, as a workflow run links to the profile it saw and the projector's
 * {@code ?as_of_position=} reads it: the step's key time as an ISO-8601 instant in UTC, a slash, its sequence, e.g.
 * {@code 2026-03-01T10:00:09.123Z/3}. The one formatter and the one grammar: workflow-trigger writes it, the
 * projector reads it.
 */
public final class HistoryPositions {

    /** Longer than any position this formats: a caller's text past it is refused unread. */
    public static final int MAX_LENGTH = 60;

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private HistoryPositions() {
    }

    public static String format(final HistoryPosition position) {
        return position.getTime() + "/" + position.getSequence();
    }

    /**
     * Reads a position as {@link #format} wrote it.
     *
     * @throws IllegalArgumentException naming what is wrong, for the caller's 400
     */
    public static HistoryPosition parse(final String text) {
        final int slash = text.lastIndexOf('/');
        if (text.length() > MAX_LENGTH || slash < 0) {
            throw new IllegalArgumentException("a history position is an instant, a slash and a sequence, like "
                    + "2026-03-01T10:00:09.123Z/3");
        }
        final Instant time;
        try {
            time = Instant.parse(text.substring(0, slash));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("a history position starts with an ISO-8601 instant in UTC, like "
                    + "2026-03-01T10:00:09.123Z", e);
        }
        if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
            throw new IllegalArgumentException("a history position's instant must be within the years 0001 to 9999");
        }
        final String sequence = text.substring(slash + 1);
        if (!sequence.matches("\\d{1,18}")) {
            throw new IllegalArgumentException("a history position ends with its sequence: 1 to 18 digits");
        }
        return new HistoryPosition(time, Long.parseLong(sequence));
    }
}
