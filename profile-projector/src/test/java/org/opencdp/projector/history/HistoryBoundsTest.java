package org.opencdp.projector.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class HistoryBoundsTest {

    private static final Instant NOW = Instant.parse("2026-12-05T00:00:00Z");

    /** Entry times one day apart, the oldest {@code days} days before NOW. */
    private static List<Instant> daily(final int days) {
        return LongStream.range(0, days).mapToObj(i -> NOW.minus(Duration.ofDays(days - i))).toList();
    }

    @Test
    void shouldDefaultToTenThousandEntriesAndFourHundredDays() {
        assertThat(HistoryBounds.DEFAULTS).isEqualTo(new HistoryBounds(10_000, Duration.ofDays(400)));
    }

    @Test
    void shouldDropTheOldestEntriesBeyondTheLimit() {
        // Given a limit of 3 and 5 recent entries
        final List<Instant> times = daily(5);

        // When deciding; Then the 2 oldest go, and the history is complete from the newest of them
        assertThat(new HistoryBounds(3, Duration.ofDays(400)).drop(5, times.iterator(), NOW))
                .isEqualTo(new HistoryBounds.Drop(2, Optional.of(times.get(1))));
    }

    @Test
    void shouldDropWholeStepsOldestFirstUntilTheEntriesAreWithinTheLimit() {
        // Given a limit of 5 and steps of 3, 2 and 4 entries (9 in all), the oldest first
        final List<HistoryBounds.Step> steps = List.of(new HistoryBounds.Step(NOW.minusSeconds(30), 3),
                new HistoryBounds.Step(NOW.minusSeconds(20), 2), new HistoryBounds.Step(NOW.minusSeconds(10), 4));

        // When deciding; Then the two oldest steps go (5 entries: one step would leave 6), complete from the second
        assertThat(new HistoryBounds(5, Duration.ofDays(400)).dropSteps(9, steps.iterator(), NOW))
                .isEqualTo(new HistoryBounds.Drop(5, Optional.of(NOW.minusSeconds(20))));
    }

    @Test
    void shouldDropEntriesOlderThanTheRetention() {
        // Given 500 daily entries and the default bounds
        final List<Instant> times = daily(500);

        // Then the 100 older than 400 days go
        final HistoryBounds.Drop drop = HistoryBounds.DEFAULTS.drop(500, times.iterator(), NOW);
        assertThat(drop.count()).isEqualTo(100);
        assertThat(drop.completeFrom()).contains(NOW.minus(Duration.ofDays(401)));
    }

    @Test
    void shouldReadNoEntryWhenAHistoryIsWithinBothBounds() {
        final Iterator<Instant> untouchable = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Instant next() {
                return NOW;
            }
        };
        // An entry at NOW is within retention: reading stops at the first one, which stays.
        assertThat(HistoryBounds.DEFAULTS.drop(10_000, untouchable, NOW)).isEqualTo(new HistoryBounds.Drop(0, Optional.empty()));
    }
}
