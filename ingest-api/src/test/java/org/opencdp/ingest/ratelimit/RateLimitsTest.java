package org.opencdp.ingest.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Contract section 10's limits, with explicit time (nanoseconds from an arbitrary origin). */
class RateLimitsTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 5_000 * SECOND;

    private final RateLimits limits = new RateLimits(10, 20, 20, 1_000);

    @Test
    void shouldServeABurstThenRefillAtTheSustainedRate() {
        // Given a workspace with 10 per second and a burst of 20
        // When it sends 20 at once, Then all are allowed, and the 21st waits a tenth of a second
        for (int i = 0; i < 20; i++) {
            assertThat(limits.request("acme", T0)).isInstanceOf(RateLimits.Decision.Allowed.class);
        }
        final RateLimits.Decision limited = limits.request("acme", T0);
        assertThat(limited).isEqualTo(new RateLimits.Decision.Limited("the workspace's request rate limit",
                Duration.ofMillis(100)));
        assertThat(((RateLimits.Decision.Limited) limited).retryAfterSeconds()).isEqualTo(1);
        // And half a second later 5 more are allowed, not 6
        for (int i = 0; i < 5; i++) {
            assertThat(limits.request("acme", T0 + SECOND / 2)).isInstanceOf(RateLimits.Decision.Allowed.class);
        }
        assertThat(limits.request("acme", T0 + SECOND / 2)).isInstanceOf(RateLimits.Decision.Limited.class);
    }

    @Test
    void shouldKeepOneBucketPerWorkspace() {
        // Given one workspace that spent its burst
        for (int i = 0; i < 20; i++) {
            limits.request("acme", T0);
        }
        // Then another is not limited by it
        assertThat(limits.request("globex", T0)).isInstanceOf(RateLimits.Decision.Allowed.class);
        assertThat(limits.request("acme", T0)).isInstanceOf(RateLimits.Decision.Limited.class);
    }

    @Test
    void shouldCapFailedAuthenticationsPerCredentialUntilTheMinuteHasPassed() {
        // Given 20 failures of one key, from 20 addresses
        for (int i = 0; i < 20; i++) {
            assertThat(limits.beforeAuthentication(Optional.of("key-1"), "10.0.0." + i, T0 + i * SECOND))
                    .isInstanceOf(RateLimits.Decision.Allowed.class);
            limits.failed(Optional.of("key-1"), "10.0.0." + i, T0 + i * SECOND);
        }
        // Then that key is refused from any address until a minute after its first failure, with the time left
        final RateLimits.Decision blocked = limits.beforeAuthentication(Optional.of("key-1"), "10.9.9.9", T0 + 30 * SECOND);
        assertThat(blocked).isEqualTo(new RateLimits.Decision.Limited("too many failed authentications",
                Duration.ofSeconds(30)));
        assertThat(((RateLimits.Decision.Limited) blocked).retryAfterSeconds()).isEqualTo(30);
        // And another key from a fresh address is not
        assertThat(limits.beforeAuthentication(Optional.of("key-2"), "10.9.9.9", T0 + 30 * SECOND))
                .isInstanceOf(RateLimits.Decision.Allowed.class);
        // And once the minute has passed the key may try again
        assertThat(limits.beforeAuthentication(Optional.of("key-1"), "10.9.9.9", T0 + 60 * SECOND))
                .isInstanceOf(RateLimits.Decision.Allowed.class);
    }

    @Test
    void shouldCapFailedAuthenticationsPerAddressWhateverCredentialsItTries() {
        // Given 20 different wrong tokens from one address
        for (int i = 0; i < 20; i++) {
            limits.failed(Optional.of("token-" + i), "192.0.2.1", T0);
        }
        // Then that address is refused, even with a credential it never tried
        assertThat(limits.beforeAuthentication(Optional.of("right-token"), "192.0.2.1", T0 + SECOND))
                .isInstanceOf(RateLimits.Decision.Limited.class);
        // And 19 failures do not block another address
        for (int i = 0; i < 19; i++) {
            limits.failed(Optional.of("other-" + i), "192.0.2.2", T0);
        }
        assertThat(limits.beforeAuthentication(Optional.of("x"), "192.0.2.2", T0)).isInstanceOf(RateLimits.Decision.Allowed.class);
    }

    @Test
    void shouldFollowAtMostTheConfiguredNumberOfCredentialsAndAddresses() {
        // Given room for 10 followed credentials and addresses
        final FailedAuthentications failures = new FailedAuthentications(3, 60 * SECOND, 10);
        // When 100 distinct ones fail within the minute
        for (int i = 0; i < 100; i++) {
            failures.failed("who-" + i, T0);
        }
        // Then memory holds 10, and the ones followed are still counted
        assertThat(failures.tracked()).isEqualTo(10);
        // And once their windows have ended, new ones are followed again
        failures.failed("late", T0 + 61 * SECOND);
        assertThat(failures.tracked()).isEqualTo(1);
    }

    @Test
    void shouldRefuseSettingsThatLimitNothingOrEverything() {
        assertThatThrownBy(() -> new RateLimits(0, 20, 20, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimits(10, 0.5, 20, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimits(10, 20, 0, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
