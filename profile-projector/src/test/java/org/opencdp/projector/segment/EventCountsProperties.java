package org.opencdp.projector.segment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.projector.segment.SegmentFixtures.NOW;

/** The window arithmetic of {@link EventCounts} against counting the raw events one by one. */
class EventCountsProperties {

    private static final long DAY = Duration.ofDays(1).toMillis();

    @Provide
    Arbitrary<List<Long>> offsets() {
        // Event instants from 450 days before NOW to 10 days after, often on shared instants (bursts).
        return Arbitraries.oneOf(Arbitraries.longs().between(-450 * DAY, 10 * DAY),
                Arbitraries.longs().between(-3, 3).map(k -> k * DAY)).list().ofMaxSize(300);
    }

    @Provide
    Arbitrary<Long> windows() {
        return Arbitraries.oneOf(Arbitraries.longs().between(1, 400 * DAY), Arbitraries.longs().between(1, 400).map(d -> d * DAY));
    }

    private static EventCounts counts(final List<Long> offsets) {
        final EventCounts counts = new EventCounts();
        offsets.forEach(offset -> counts.add("purchase", NOW.plusMillis(offset), 1));
        return counts;
    }

    private static long bruteForce(final List<Long> offsets, final long window, final Instant now) {
        final long end = now.toEpochMilli() - NOW.toEpochMilli();
        return offsets.stream().filter(o -> o <= end && o > end - window).count();
    }

    @Property(tries = 300)
    void countIsTheEventsInTheTrailingWindow(@ForAll("offsets") final List<Long> offsets, @ForAll("windows") final long window,
                                            @ForAll @LongRange(min = -20 * 86_400_000L, max = 20 * 86_400_000L) final long at) {
        final Instant now = NOW.plusMillis(at);
        assertThat(counts(offsets).count("purchase", Duration.ofMillis(window), now)).isEqualTo(bruteForce(offsets, window, now));
    }

    @Property(tries = 300)
    void countStaysUntilTheNextChangeAndTheNextChangeIsARealBound(
            @ForAll("offsets") final List<Long> offsets, @ForAll("windows") final long window,
            @ForAll @LongRange(min = -20 * 86_400_000L, max = 20 * 86_400_000L) final long at,
            @ForAll @Size(10) final List<@LongRange(min = 0, max = Long.MAX_VALUE / 2) Long> probes) {
        final EventCounts counts = counts(offsets);
        final Duration within = Duration.ofMillis(window);
        final Instant now = NOW.plusMillis(at);
        final long atNow = counts.count("purchase", within, now);
        final Instant next = counts.nextChange("purchase", within, now).orElse(now.plus(Duration.ofDays(900)));
        final long span = next.toEpochMilli() - now.toEpochMilli();
        assertThat(span).isPositive();
        for (final long probe : probes) {
            assertThat(counts.count("purchase", within, now.plusMillis(probe % span))).isEqualTo(atNow);
        }
        assertThat(counts.count("purchase", within, next.minusMillis(1))).isEqualTo(atNow);
        // The next change is an instant an event enters (t) or leaves (t + window) at.
        if (counts.nextChange("purchase", within, now).isPresent()) {
            final long n = next.toEpochMilli() - NOW.toEpochMilli();
            assertThat(offsets).anyMatch(o -> o == n || o + window == n);
        }
    }

    @Property(tries = 200)
    void bytesRoundTripAndPruningKeepEveryCountWithinTheLongestWindow(
            @ForAll("offsets") final List<Long> offsets, @ForAll("windows") final long longest,
            @ForAll("windows") final long window, @ForAll @LongRange(min = 0, max = 30 * 86_400_000L) final long later) {
        final EventCounts counts = counts(offsets);
        final EventCounts read = EventCounts.fromBytes(counts.toBytes());
        read.prune(NOW, Duration.ofMillis(longest));
        final Duration within = Duration.ofMillis(Math.min(window, longest));
        final Instant probe = NOW.plusMillis(later);
        assertThat(read.count("purchase", within, probe)).isEqualTo(counts.count("purchase", within, probe));
        assertThat(EventCounts.fromBytes(read.toBytes()).toBytes()).isEqualTo(read.toBytes());
    }
}
