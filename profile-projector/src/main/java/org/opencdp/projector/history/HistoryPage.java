package org.opencdp.projector.history;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One page of a customer's history, newest first.
 *
 * @param next         where the next page starts; empty on the last page
 * @param completeFrom from when the history is complete (entries before it were dropped by the bounds); empty
 *                     while nothing was dropped
 * @param truncated    the page stopped at {@link HistoryQuery#MAX_SCANNED} entries read without filling
 *                     {@code limit}; {@code next} goes on from there
 */
public record HistoryPage(List<HistoryEntry> entries, Optional<HistoryCursor> next, Optional<Instant> completeFrom,
                          boolean truncated) {

    public HistoryPage {
        entries = List.copyOf(entries);
    }
}
