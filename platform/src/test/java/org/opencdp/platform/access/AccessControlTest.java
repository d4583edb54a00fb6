package org.opencdp.platform.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AccessControlTest {

    private final AccessControl access = new AccessControl(List.of(
            new WorkspaceCredentials("demo", "demo-key", SecretHash.of("demo-secret"),
                    List.of(new WorkspaceCredentials.Token(SecretHash.of("read-token"), Set.of(Scope.PROFILES_READ))),
                    List.of(SecretHash.of("demo-admin"))),
            new WorkspaceCredentials("other", "other-key", SecretHash.of("other-secret"), List.of(), List.of())));

    private static PresentedCredentials headers(final Map<String, String> headers) {
        return PresentedCredentials.fromHeaders(name -> headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null));
    }

    @Test
    void shouldAuthenticateKeyAndSecretToTheirWorkspaceWithEveryScope() {
        // When
        final var caller = access.authenticate(headers(Map.of("key", "demo-key", "secret", "demo-secret")));
        // Then
        assertThat(caller).hasValueSatisfying(c -> {
            assertThat(c.workspaceId()).isEqualTo("demo");
            assertThat(c.may(Scope.CUSTOMERS_WRITE)).isTrue();
            assertThat(c.admin()).isFalse();
        });
    }

    @Test
    void shouldAcceptTheRetainlyApiKeyHeaderNames() {
        assertThat(access.authenticate(headers(Map.of("api-key", "other-key", "api-secret", "other-secret"))))
                .map(Caller::workspaceId).hasValue("other");
    }

    @Test
    void shouldRejectAKeyWithAnotherWorkspacesSecret() {
        assertThat(access.authenticate(headers(Map.of("key", "demo-key", "secret", "other-secret")))).isEmpty();
    }

    @Test
    void shouldGrantABearerTokenOnlyItsScopes() {
        // When
        final var caller = access.authenticate(headers(Map.of("Authorization", "Bearer read-token")));
        // Then
        assertThat(caller).hasValueSatisfying(c -> {
            assertThat(c.may(Scope.PROFILES_READ)).isTrue();
            assertThat(c.may(Scope.CUSTOMERS_WRITE)).isFalse();
        });
    }

    @Test
    void shouldMakeAnAdminTokenAdminOfItsWorkspace() {
        assertThat(access.authenticate(headers(Map.of("Authorization", "bearer demo-admin"))))
                .hasValueSatisfying(c -> assertThat(c.admin()).isTrue());
    }

    @Test
    void shouldRejectMissingOrUnknownCredentials() {
        assertThat(access.authenticate(headers(Map.of()))).isEmpty();
        assertThat(access.authenticate(headers(Map.of("Authorization", "Bearer nope")))).isEmpty();
        assertThat(access.authenticate(headers(Map.of("Authorization", "Basic ZGVtbw==")))).isEmpty();
        assertThat(access.authenticate(headers(Map.of("key", "demo-key")))).isEmpty();
    }

    @Test
    void shouldKeepOnlyHashesAndRoundTripTheStoredForm() {
        // Given
        final SecretHash hash = SecretHash.of("demo-secret");
        // Then
        assertThat(hash.stored()).startsWith("sha256:").doesNotContain("demo-secret");
        assertThat(SecretHash.parse(hash.stored()).matches("demo-secret")).isTrue();
        assertThat(SecretHash.parse(hash.stored()).matches("demo-secreT")).isFalse();
        assertThatThrownBy(() -> SecretHash.parse("demo-secret")).isInstanceOf(IllegalArgumentException.class);
    }
}
