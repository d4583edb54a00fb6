package org.opencdp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BenchPlanTest {

    @Test
    void shouldLoadAMillionCustomersAndRunTwentySecondPhasesAtFullScale() {
        final BenchPlan plan = BenchPlan.scaled(1.0);
        assertThat(plan.customers()).isEqualTo(1_000_000);
        assertThat(plan.batches()).isEqualTo(1_000);
        assertThat(plan.ratePhase()).isEqualTo(Duration.ofSeconds(20));
        assertThat(plan.maxRateProbe()).isEqualTo(Duration.ofSeconds(15));
        assertThat(plan.foldWindow()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void shouldShrinkSizesAndDurationsWithTheScaleButNotBelowTheirMinimums() {
        final BenchPlan quick = BenchPlan.scaled(0.1);
        assertThat(quick.customers()).isEqualTo(100_000);
        assertThat(quick.ratePhase()).isEqualTo(Duration.ofSeconds(5));

        final BenchPlan tiny = BenchPlan.scaled(0.001);
        assertThat(tiny.customers()).isEqualTo(BenchPlan.MIN_CUSTOMERS);
        assertThat(tiny.warmup()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void shouldRejectAScaleThatIsNotPositive() {
        assertThatThrownBy(() -> BenchPlan.scaled(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchPlan.scaled(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
