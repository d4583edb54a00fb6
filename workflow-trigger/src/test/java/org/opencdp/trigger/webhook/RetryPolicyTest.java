package org.opencdp.trigger.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(6));

    @Test
    void shouldDoubleTheBackOffPerFailureUpToTheMaximumWithJitter() {
        // When / Then: the full pause with the largest jitter, half of it with the smallest
        assertThat(policy.nextDelay(1, () -> 1.0)).contains(Duration.ofSeconds(1));
        assertThat(policy.nextDelay(2, () -> 1.0)).contains(Duration.ofSeconds(2));
        assertThat(policy.nextDelay(3, () -> 1.0)).contains(Duration.ofSeconds(4));
        assertThat(policy.nextDelay(4, () -> 1.0)).contains(Duration.ofSeconds(6));
        assertThat(policy.nextDelay(3, () -> 0.0)).contains(Duration.ofSeconds(2));
    }

    @Test
    void shouldParkAfterTheLastAttempt() {
        assertThat(policy.nextDelay(5, () -> 0.5)).isEmpty();
    }
}
