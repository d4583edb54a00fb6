package org.opencdp.projector.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The customer-history key layout: bytes as RocksDB orders them are newest first, and decode what they encode. */
class HistoryKeyProperties {

    /** Newest first: later time first, then the higher sequence (later in fold order) first. */
    private static final Comparator<HistoryKey> NEWEST_FIRST = Comparator.comparing(HistoryKey::time).reversed()
            .thenComparing(Comparator.comparingLong(HistoryKey::sequence).reversed());

    @Provide
    Arbitrary<HistoryKey> keys() {
        // Millisecond instants from before 1970 to far ahead, often equal (entries of one command share one).
        final Arbitrary<Instant> times = Arbitraries.oneOf(
                Arbitraries.longs().between(-10_000_000_000_000L, 100_000_000_000_000L).map(Instant::ofEpochMilli),
                Arbitraries.longs().between(0, 3).map(Instant::ofEpochMilli));
        final Arbitrary<Long> sequences = Arbitraries.oneOf(Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.longs().between(0, 3));
        return Combinators.combine(times, sequences).as((time, sequence) -> new HistoryKey("demo", "7", time, sequence));
    }

    @Property(tries = 1000)
    void byteOrderIsNewestFirst(@ForAll("keys") final HistoryKey a, @ForAll("keys") final HistoryKey b) {
        assertThat(Integer.signum(Arrays.compareUnsigned(a.encode(), b.encode())))
                .isEqualTo(Integer.signum(NEWEST_FIRST.compare(a, b)));
    }

    @Property(tries = 300)
    void decodesWhatItEncodes(@ForAll("keys") final HistoryKey key) {
        assertThat(HistoryKey.decode(key.encode())).isEqualTo(key);
    }

    @Property(tries = 300)
    void aScanFromAnInstantToAnotherHoldsExactlyTheKeysBetween(@ForAll("keys") final HistoryKey key,
                                                               @ForAll("keys") final HistoryKey newest,
                                                               @ForAll("keys") final HistoryKey oldest) {
        final boolean inScan = Arrays.compareUnsigned(key.encode(), HistoryKey.from("demo", "7", newest.time())) >= 0
                && Arrays.compareUnsigned(key.encode(), HistoryKey.until("demo", "7", oldest.time())) <= 0;
        assertThat(inScan).isEqualTo(!key.time().isAfter(newest.time()) && !key.time().isBefore(oldest.time()));
    }
}
