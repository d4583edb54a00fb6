package org.opencdp.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConstantRateScheduleTest {

    private static final long START = 1_000_000_000L;

    @Test
    void shouldSpaceRequestsEvenlyFromTheStart() {
        // Given 1,000 requests per second
        final ConstantRateSchedule schedule = new ConstantRateSchedule(START, 1000);

        // When asking for the intended times / Then they are 1 ms apart from the start
        assertThat(schedule.intendedNanos(0)).isEqualTo(START);
        assertThat(schedule.intendedNanos(1)).isEqualTo(START + 1_000_000);
        assertThat(schedule.intendedNanos(2500)).isEqualTo(START + 2_500_000_000L);
    }

    @Test
    void shouldCountAsDueEveryRequestWhoseIntendedTimeHasCome() {
        // Given 1,000 requests per second
        final ConstantRateSchedule schedule = new ConstantRateSchedule(START, 1000);

        // Then none is due before the start, the first at the start, and each further one on its millisecond
        assertThat(schedule.dueAt(START - 1)).isZero();
        assertThat(schedule.dueAt(START)).isEqualTo(1);
        assertThat(schedule.dueAt(START + 999_999)).isEqualTo(1);
        assertThat(schedule.dueAt(START + 1_000_000)).isEqualTo(2);
        assertThat(schedule.dueAt(START + 1_000_000_000L)).isEqualTo(1001);
    }

    @Test
    void shouldKeepDueCountsConsistentWithIntendedTimesAtAnOddRate() {
        // Given a rate that does not divide a second evenly
        final ConstantRateSchedule schedule = new ConstantRateSchedule(START, 7333.3);

        // Then at each intended time exactly the requests up to it are due, and none one nanosecond before
        for (long i = 0; i < 20_000; i += 37) {
            final long intended = schedule.intendedNanos(i);
            assertThat(schedule.dueAt(intended)).as("due at request %d", i).isEqualTo(i + 1);
            if (i > 0 && schedule.intendedNanos(i - 1) < intended - 1) {
                assertThat(schedule.dueAt(intended - 1)).as("due just before request %d", i).isEqualTo(i);
            }
        }
    }

    @Test
    void shouldSendRateTimesDurationRequestsInARun() {
        // Given 500 requests per second for 3 seconds
        final ConstantRateSchedule schedule = new ConstantRateSchedule(START, 500);

        // When counting / Then 1,500 requests, the last one intended before the end
        assertThat(schedule.countWithin(3_000_000_000L)).isEqualTo(1500);
        assertThat(schedule.intendedNanos(1499)).isLessThan(START + 3_000_000_000L);
    }

    @Test
    void shouldRejectARateThatIsNotPositive() {
        assertThatThrownBy(() -> new ConstantRateSchedule(START, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConstantRateSchedule(START, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
