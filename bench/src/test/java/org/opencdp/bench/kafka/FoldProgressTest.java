package org.opencdp.bench.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FoldProgressTest {

    private static final long SECOND = 1_000_000_000L;

    /** Progress towards {@code target} given samples as pairs of (nanos, committed offset), in order. */
    private static FoldProgress sampled(final long target, final long... nanosAndOffsets) {
        final FoldProgress progress = new FoldProgress(target);
        for (int i = 0; i < nanosAndOffsets.length; i += 2) {
            progress.sample(nanosAndOffsets[i], nanosAndOffsets[i + 1]);
        }
        return progress;
    }

    @Test
    void shouldMeasureFromTheFirstCommitThatMovedToTheFirstAtTheTarget() {
        // Given a group that commits nothing for 5 s (start-up), then 1,000 records, then reaches 10,000 2 s later
        final FoldProgress progress = sampled(10_000, 0, 0, 5 * SECOND, 0, 6 * SECOND, 1_000, 7 * SECOND, 5_500, 8 * SECOND, 10_000);

        // Then the rate counts the 9,000 records folded in the 2 s after the first movement
        assertThat(progress.done()).isTrue();
        assertThat(progress.records()).isEqualTo(9_000);
        assertThat(progress.seconds()).isEqualTo(2.0);
        assertThat(progress.perSecond()).isEqualTo(4_500.0);
    }

    @Test
    void shouldNotCountRecordsCommittedBeforeFollowingBegan() {
        // Given a group already at 4,000 when first sampled
        final FoldProgress progress = sampled(8_000, 0, 4_000, SECOND, 6_000, 2 * SECOND, 8_000);

        // Then only what moved after the first movement counts
        assertThat(progress.records()).isEqualTo(2_000);
        assertThat(progress.perSecond()).isEqualTo(2_000.0);
    }

    @Test
    void shouldGiveTheRateSoFarWhenStoppedBeforeTheTarget() {
        // Given a group followed for a window that ends before the target
        final FoldProgress progress = sampled(1_000_000, 0, 0, SECOND, 1_000, 3 * SECOND, 7_000);

        // Then it is not done, and the rate covers what moved in the 2 s since the first movement
        assertThat(progress.done()).isFalse();
        assertThat(progress.movingNanos()).isEqualTo(2 * SECOND);
        assertThat(progress.perSecond()).isEqualTo(3_000.0);
    }

    @Test
    void shouldHaveNoRateBeforeTwoSamplesSawTheGroupMove() {
        final FoldProgress progress = new FoldProgress(100);
        progress.sample(0, 0);
        assertThat(progress.perSecond()).isNaN();
        progress.sample(SECOND, 100);
        assertThat(progress.done()).isTrue();
        assertThat(progress.perSecond()).isNaN();
    }

    @Test
    void shouldIgnoreSamplesAfterTheTarget() {
        final FoldProgress progress = sampled(2_000, 0, 0, SECOND, 1_000, 2 * SECOND, 2_000, 5 * SECOND, 2_000);
        assertThat(progress.seconds()).isEqualTo(1.0);
    }
}
