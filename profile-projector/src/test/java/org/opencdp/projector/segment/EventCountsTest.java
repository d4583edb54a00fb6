package org.opencdp.projector.segment;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.opencdp.projector.segment.SegmentFixtures.NOW;

class EventCountsTest {

    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration THIRTY_DAYS = Duration.ofDays(30);

    @Test
    void shouldCountOnlyEventsOfTheNameInTheTrailingWindowToTheMillisecond() {
        // Given purchases just outside and just inside thirty days, one now, one in the future, and a login
        final EventCounts counts = new EventCounts();
        counts.add("purchase", NOW.minus(THIRTY_DAYS), 1);
        counts.add("purchase", NOW.minus(THIRTY_DAYS).plusMillis(1), 2);
        counts.add("purchase", NOW, 1);
        counts.add("purchase", NOW.plusMillis(1), 1);
        counts.add("login", NOW, 5);

        // When counted over thirty days at now
        final long purchases = counts.count("purchase", THIRTY_DAYS, NOW);

        // Then the window is (now - 30 days, now]
        assertThat(purchases).isEqualTo(3);
        assertThat(counts.count("login", THIRTY_DAYS, NOW)).isEqualTo(5);
        assertThat(counts.count("signup", THIRTY_DAYS, NOW)).isZero();
    }

    @Test
    void shouldGiveTheNextInstantAnEventEntersOrLeavesTheWindow() {
        // Given a purchase ten days ago and one stamped an hour ahead
        final EventCounts counts = new EventCounts();
        counts.add("purchase", NOW.minus(Duration.ofDays(10)), 1);
        counts.add("purchase", NOW.plus(Duration.ofHours(1)), 1);

        // When asked for the next change of a seven-day and a thirty-day window
        // Then the future event enters first; the old one leaves the thirty-day window after twenty days
        assertThat(counts.nextChange("purchase", Duration.ofDays(7), NOW)).contains(NOW.plus(Duration.ofHours(1)));
        assertThat(counts.nextChange("purchase", THIRTY_DAYS, NOW.plus(Duration.ofHours(1))))
                .contains(NOW.plus(Duration.ofDays(20)));
        assertThat(counts.nextChange("purchase", Duration.ofDays(7), NOW.plus(Duration.ofDays(8)))).isEmpty();
        assertThat(counts.nextChange("login", THIRTY_DAYS, NOW)).isEmpty();
    }

    @Test
    void shouldPruneWhatNoWindowOfTheLongestLengthCanCount() {
        // Given events 400 days ago, and less
        final EventCounts counts = new EventCounts();
        counts.add("purchase", NOW.minus(Duration.ofDays(400)), 1);
        counts.add("purchase", NOW.minus(Duration.ofDays(399)), 1);
        counts.add("login", NOW.minus(Duration.ofDays(500)), 1);

        // When pruned to 400 days at now
        counts.prune(NOW, Duration.ofDays(400));

        // Then only what a 400-day window still counts is kept, and an emptied name is gone
        assertThat(counts.entries()).isEqualTo(1);
        assertThat(counts.count("purchase", Duration.ofDays(400), NOW)).isEqualTo(1);
        assertThat(counts.toBytes()).isEqualTo(roundTrip(counts).toBytes());
        counts.prune(NOW.plus(DAY), Duration.ofDays(400));
        assertThat(counts.isEmpty()).isTrue();
    }

    @Test
    void shouldRoundTripThroughBytesCompactly() {
        // Given a thousand purchases a minute apart and a few logins
        final EventCounts counts = new EventCounts();
        for (int i = 0; i < 1000; i++) {
            counts.add("purchase", NOW.minus(Duration.ofMinutes(i)), 1 + i % 3);
        }
        counts.add("l\u00f6gin \uD83D\uDE00", NOW.minus(DAY), 7);

        // When written and read back
        final byte[] bytes = counts.toBytes();
        final EventCounts read = EventCounts.fromBytes(bytes);

        // Then it counts the same, in a few bytes per entry
        assertThat(read.count("purchase", DAY, NOW)).isEqualTo(counts.count("purchase", DAY, NOW)).isEqualTo(1999);
        assertThat(read.count("l\u00f6gin \uD83D\uDE00", THIRTY_DAYS, NOW)).isEqualTo(7);
        assertThat(read.entries()).isEqualTo(1001);
        assertThat(read.toBytes()).isEqualTo(bytes);
        assertThat(bytes.length).isLessThan(1001 * 6);
    }

    @Test
    void shouldRefuseBytesItDidNotWrite() {
        // Given bytes of another format, cut short, and followed by more
        final EventCounts counts = new EventCounts();
        counts.add("purchase", NOW, 1);
        final byte[] bytes = counts.toBytes();
        final byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);

        // When read
        // Then each is refused with an IllegalArgumentException
        assertThatThrownBy(() -> EventCounts.fromBytes(new byte[] {9})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventCounts.fromBytes(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventCounts.fromBytes(java.util.Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventCounts.fromBytes(longer)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventCounts.fromBytes(new byte[] {1, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldKeepTheOldestEventsInDaysBeyondTheBoundOfExactEntries() {
        // Given more distinct event instants than are kept exactly, a second apart, the oldest 2 days back
        final EventCounts counts = new EventCounts();
        final Instant oldest = Instant.parse("2024-04-29T10:00:00.500Z");
        final int added = EventCounts.MAX_EXACT_ENTRIES + 100;
        for (int i = 0; i < added; i++) {
            counts.add("purchase", oldest.plusSeconds(i), 1);
        }

        // When counted
        // Then nothing is lost, the bound holds, and the oldest now count from the start of their day
        assertThat(counts.entries()).isLessThanOrEqualTo(EventCounts.MAX_EXACT_ENTRIES);
        assertThat(counts.count("purchase", Duration.ofDays(30), NOW)).isEqualTo(added);
        assertThat(counts.count("purchase", Duration.ofMillis(1), Instant.parse("2024-04-29T00:00:00Z"))).isEqualTo(101);
    }

    @Test
    void shouldCountNoFurtherNameBeyondTheBound() {
        // Given a customer counting the most names there may be
        final EventCounts counts = new EventCounts();
        for (int i = 0; i < EventCounts.MAX_NAMES; i++) {
            assertThat(counts.add("event-" + i, NOW, 1)).isTrue();
        }

        // When an event of one more name arrives
        final boolean counted = counts.add("one-too-many", NOW, 1);

        // Then it is not counted, and known names still are
        assertThat(counted).isFalse();
        assertThat(counts.count("one-too-many", DAY, NOW)).isZero();
        assertThat(counts.add("event-0", NOW, 1)).isTrue();
        assertThat(counts.count("event-0", DAY, NOW)).isEqualTo(2);
    }

    private static EventCounts roundTrip(final EventCounts counts) {
        return EventCounts.fromBytes(counts.toBytes());
    }
}
