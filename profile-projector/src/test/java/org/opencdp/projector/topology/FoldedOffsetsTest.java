package org.opencdp.projector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class FoldedOffsetsTest {

    private final FoldedOffsets folded = new FoldedOffsets();

    @Test
    void shouldWakeAWaiterWhenItsOffsetIsFolded() throws Exception {
        // Given a read waiting for offset 10 of partition 2
        final CompletableFuture<Boolean> waiter = folded.await(2, 10, Duration.ofSeconds(30));
        // When the fold passes 9, then 12
        folded.record(2, 9);
        assertThat(waiter).isNotDone();
        folded.record(2, 12);
        // Then it is woken, and no longer held
        assertThat(waiter.get(1, TimeUnit.SECONDS)).isTrue();
        assertThat(folded.waiting(2)).isZero();
    }

    @Test
    void shouldAnswerAtOnceForAnOffsetAlreadyFolded() {
        folded.record(0, 41);
        assertThat(folded.await(0, 41, Duration.ofSeconds(30))).isCompletedWithValue(true);
        assertThat(folded.reached(0, 41)).isTrue();
        assertThat(folded.reached(0, 42)).isFalse();
    }

    @Test
    void shouldNotWakeWaitersOfAnotherPartition() {
        final CompletableFuture<Boolean> waiter = folded.await(1, 5, Duration.ofSeconds(30));
        folded.record(0, 100);
        assertThat(waiter).isNotDone();
        assertThat(folded.reached(1, 5)).isFalse();
    }

    @Test
    void shouldGiveUpAfterTheTimeoutAndForgetTheWaiter() throws Exception {
        // Given a read waiting for an offset that is not folded in time
        final CompletableFuture<Boolean> waiter = folded.await(3, 7, Duration.ofMillis(50));
        // Then it completes with false and leaves nothing behind
        assertThat(waiter.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(folded.waiting(3)).isZero();
    }

    @Test
    void shouldIgnoreAnOffsetBelowTheOneFolded() {
        folded.record(4, 20);
        folded.record(4, 3);
        assertThat(folded.reached(4, 20)).isTrue();
    }
}
