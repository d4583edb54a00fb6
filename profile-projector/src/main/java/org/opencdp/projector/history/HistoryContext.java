package org.opencdp.projector.history;

import java.time.Instant;

import org.opencdp.avro.CustomerCommand;

/** What every entry of one fold step shares: the command's timestamp, request id and source. */
public record HistoryContext(Instant at, String requestId, HistorySource source) {

    public HistoryContext {
        if (at == null || requestId == null || source == null) {
            throw new IllegalArgumentException("a history context has a time, a request id and a source");
        }
    }

    /** The context of the changes {@code command} makes. */
    public static HistoryContext of(final CustomerCommand command) {
        return new HistoryContext(command.getTimestamp(), command.getRequestId(), HistorySource.of(command));
    }
}
