package org.opencdp.platform.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Which configured credentials keep a service from starting outside dev mode. */
class ProductionGuardTest {

    private static AccessSettings settings(final String secret, final String token, final String adminToken) {
        return new FixedSettings("acme", "acme-key", secret, token, adminToken);
    }

    @Test
    void shouldNameEveryDemoCredentialPlainOrHashed() {
        // Given the demo secret, the demo token's hash and the demo admin token
        final AccessSettings demo = settings("demo-secret", SecretHash.of("demo-token").stored(), "demo-admin");
        // Then each is named with the variable that sets it
        assertThat(ProductionGuard.problems(demo)).containsExactly(
                "CDP_WORKSPACE_SECRET is the demo value 'demo-secret'",
                "CDP_WORKSPACE_TOKEN is the demo value 'demo-token'",
                "CDP_WORKSPACE_ADMIN_TOKEN is the demo value 'demo-admin'");
        assertThat(ProductionGuard.refusal(ProductionGuard.problems(demo))).contains("CDP_DEV_MODE=true");
    }

    @Test
    void shouldAcceptOwnCredentialsAndAbsentOnes() {
        assertThat(ProductionGuard.problems(settings("7f3a9c0e5b1d4f2a8e6c3b9d0a1f5e7c", null, " "))).isEmpty();
        assertThat(ProductionGuard.problems(settings(SecretHash.of("another-secret").stored(), "tok-123", null)))
                .isEmpty();
    }

    @Test
    void shouldRefuseAnOperatorTokenShorterThan32CharactersSayingWhatToSet() {
        // Given own workspace credentials and the demo operator token, then a 32-character one, then none
        final AccessSettings own = settings("7f3a9c0e5b1d4f2a8e6c3b9d0a1f5e7c", null, null);
        // Then only the short one is a problem, named by the variable that sets it
        assertThat(ProductionGuard.problems(own, Optional.of("demo-operator")))
                .containsExactly("CDP_OPERATOR_TOKEN has 13 characters, fewer than 32");
        assertThat(ProductionGuard.refusal(ProductionGuard.problems(own, Optional.of("demo-operator"))))
                .contains("CDP_OPERATOR_TOKEN").contains("at least 32 random characters");
        assertThat(ProductionGuard.problems(own, Optional.of("0123456789abcdef0123456789abcdef"))).isEmpty();
        assertThat(ProductionGuard.problems(own, Optional.empty())).isEmpty();
    }
}
