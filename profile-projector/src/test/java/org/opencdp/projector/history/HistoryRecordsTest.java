package org.opencdp.projector.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.HistoryStep;
import org.opencdp.avro.StringValue;

/** The entries of one step as the store keeps them, and back, unchanged. */
class HistoryRecordsTest {

    private static final Instant AT = Instant.parse("2026-12-05T10:00:00Z");
    private static final HistorySource ROUTE = new HistorySource(HistorySource.Kind.ROUTE, "POST /customers");

    private static HistoryEntry attribute(final String name, final Attribute old, final Attribute now) {
        return new HistoryEntry(AT, HistoryKind.ATTRIBUTE, name, null, -1, old, now, "r2", ROUTE);
    }

    @Test
    void shouldReadBackEveryEntryOfAStepNewestFirstWithTheNewValuesStampsRestored() {
        // Given a step whose first new value carries the step's own time and request id, and whose second carries
        // others (a value a merge brought, written earlier by another request)
        final Attribute old = new Attribute(new StringValue("basic"), AT.minusSeconds(60), "r1");
        final Attribute stamped = new Attribute(new StringValue("pro"), AT, "r2");
        final Attribute brought = new Attribute(new StringValue("Oslo"), AT.minusSeconds(30), "r0");
        final List<HistoryEntry> entries = List.of(attribute("plan", old, stamped), attribute("city", null, brought));

        // When stored and read back
        final HistoryStep step = HistoryRecords.step(entries);
        final List<HistoryEntry> read = HistoryRecords.newestFirst(step);

        // Then only the stamped one is stored without its stamps, and both read back as they were, newest first
        assertThat(step.getChanges().get(0).getStamped()).isTrue();
        assertThat(((Attribute) step.getChanges().get(0).getNewValue()).getRequestId()).isEmpty();
        assertThat(step.getChanges().get(1).getStamped()).isFalse();
        assertThat(read).containsExactly(entries.get(1), entries.get(0));
    }
}
