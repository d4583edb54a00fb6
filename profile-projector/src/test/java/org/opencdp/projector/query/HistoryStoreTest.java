package org.opencdp.projector.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.HistoryOrigin;
import org.opencdp.avro.HistoryStep;
import org.opencdp.avro.StringValue;
import org.opencdp.projector.history.HistoryCursor;
import org.opencdp.projector.history.HistoryEntry;
import org.opencdp.projector.history.HistoryKey;
import org.opencdp.projector.history.HistoryKind;
import org.opencdp.projector.history.HistoryPage;
import org.opencdp.projector.history.HistoryQuery;
import org.opencdp.projector.history.HistoryRecords;
import org.opencdp.projector.history.HistorySource;

/**
 * How a page walks a newest-first scan of a customer's steps, and which steps a scan shows beside the profile read
 * before it: without the stores, over scans built here.
 */
class HistoryStoreTest {

    private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
    private static final HistorySource ROUTE = new HistorySource(HistorySource.Kind.ROUTE, "POST /customers");

    @Test
    void shouldPassOverAStepWithoutEntriesAndGoOnWithTheNextPageWhereThePageEnded() {
        // Given three steps, newest first, the middle one without entries (a moved creation nothing is rebuilt of)
        final KeyValue<Bytes, HistoryStep> third = step(3, "plan", "city");
        final KeyValue<Bytes, HistoryStep> empty = empty(2);
        final KeyValue<Bytes, HistoryStep> first = step(1, "tier", "name");
        final List<KeyValue<Bytes, HistoryStep>> steps = List.of(third, empty, first);

        // When paged two entries at a time, each page going on from the cursor of the one before
        final HistoryPage one = page(steps, null, 2);
        final HistoryPage two = page(steps, one.next().orElseThrow(), 2);

        // Then the first page ends after the newest step, the next page starts with the oldest, and it is the last
        assertThat(names(one)).containsExactly("city", "plan");
        assertThat(one.next()).contains(new HistoryCursor(T0.plusSeconds(1), 1, 0));
        assertThat(names(two)).containsExactly("name", "tier");
        assertThat(two.next()).isEmpty();
    }

    @Test
    void shouldEndAPageInsideAStepAndGiveTheRestOfItOnTheNextPage() {
        // Given a step of two entries after an empty one
        final KeyValue<Bytes, HistoryStep> newest = step(3, "plan");
        final KeyValue<Bytes, HistoryStep> empty = empty(2);
        final KeyValue<Bytes, HistoryStep> oldest = step(1, "tier", "name");
        final List<KeyValue<Bytes, HistoryStep>> steps = List.of(newest, empty, oldest);

        // When paged two at a time
        final HistoryPage one = page(steps, null, 2);
        final HistoryPage two = page(steps, one.next().orElseThrow(), 2);

        // Then the first page ends after one entry of the oldest step and the second gives the other
        assertThat(names(one)).containsExactly("plan", "name");
        assertThat(one.next()).contains(new HistoryCursor(T0.plusSeconds(1), 1, 1));
        assertThat(names(two)).containsExactly("tier");
    }

    @Test
    void shouldReadBackACursorThatEndsBeforeAStep() {
        // Given a cursor naming a step none of whose entries were given
        final HistoryCursor before = new HistoryCursor(T0, 4, 0);

        // When formatted and parsed, then it is the same
        assertThat(HistoryCursor.parse(before.format())).isEqualTo(before);
    }

    @Test
    void shouldLeaveOutOwnStepsFiledAfterTheProfilesPositionButShowStepsAMergeBrought() {
        // Given the profile read at the step of second 2, and a scan that already holds a newer step of its own and a
        // newer step a merge brought from another customer
        final KeyValue<Bytes, HistoryStep> newerOwn = step(4, "plan");
        final KeyValue<Bytes, HistoryStep> own = step(3, "plan");
        final KeyValue<Bytes, HistoryStep> moved = KeyValue.pair(key(3, 7), HistoryRecords.with(own.value,
                own.value.getChanges(), 0, List.of(new HistoryOrigin("other", "m1", T0.plusSeconds(3), 0L))));
        final KeyValue<Bytes, HistoryStep> atPosition = step(2, "city");
        final KeyValue<Bytes, HistoryStep> older = step(1, "tier");

        // When the scan is read as the profile reflects it
        final List<Bytes> shown = new ArrayList<>();
        try (HistoryStore.ReflectedSteps reflected = new HistoryStore.ReflectedSteps(
                scan(List.of(newerOwn, moved, own, atPosition, older)), atPosition.key, null)) {
            reflected.forEachRemaining(step -> shown.add(step.key));
        }

        // Then the own steps filed after the position are not shown; the moved one, the position's and older ones are
        assertThat(shown).containsExactly(moved.key, atPosition.key, older.key);
    }

    private static HistoryPage page(final List<KeyValue<Bytes, HistoryStep>> steps, final HistoryCursor after,
                                    final int limit) {
        final HistoryQuery query = new HistoryQuery(null, null, null, after, limit);
        final Optional<Bytes> cursor = query.after().map(at -> Bytes.wrap(at.key("w", "c").encode()));
        final List<KeyValue<Bytes, HistoryStep>> from = cursor.isEmpty() ? steps
                : steps.stream().filter(step -> step.key.compareTo(cursor.get()) >= 0).toList();
        try (KeyValueIterator<Bytes, HistoryStep> scan = scan(from)) {
            return HistoryStore.walk(scan, cursor, query, Optional.empty(), step -> HistoryRecords.newestFirst(step.value));
        }
    }

    /** A step at second {@code second} (its sequence the same) setting each of {@code names}, in that order. */
    private static KeyValue<Bytes, HistoryStep> step(final int second, final String... names) {
        final List<HistoryEntry> entries = new ArrayList<>();
        final Instant at = T0.plusSeconds(second);
        for (final String name : names) {
            entries.add(new HistoryEntry(at, HistoryKind.ATTRIBUTE, name, null, -1, null,
                    new Attribute(new StringValue(name + second), at, "r" + second), "r" + second, ROUTE));
        }
        return KeyValue.pair(key(second), HistoryRecords.step(entries));
    }

    /** A step at second {@code second} without entries (a moved creation nothing is rebuilt of). */
    private static KeyValue<Bytes, HistoryStep> empty(final int second) {
        return KeyValue.pair(key(second), HistoryRecords.with(step(second, "none").value, List.of(), 0, List.of()));
    }

    private static Bytes key(final int second) {
        return key(second, second);
    }

    private static Bytes key(final int second, final long sequence) {
        return Bytes.wrap(new HistoryKey("w", "c", T0.plusSeconds(second), sequence).encode());
    }

    private static List<String> names(final HistoryPage page) {
        return page.entries().stream().map(HistoryEntry::name).toList();
    }

    private static KeyValueIterator<Bytes, HistoryStep> scan(final List<KeyValue<Bytes, HistoryStep>> steps) {
        final Iterator<KeyValue<Bytes, HistoryStep>> it = steps.iterator();
        return new KeyValueIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public KeyValue<Bytes, HistoryStep> next() {
                return it.next();
            }

            @Override
            public Bytes peekNextKey() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
            }
        };
    }
}
