package org.opencdp.platform.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Credentials as data: found by their id, checked by one salted hash, refused once revoked or their workspace deleted. */
class CredentialLookupTest {

    private static final Instant T0 = Instant.parse("2026-12-05T01:00:00Z");
    private final SecureRandom random = new SecureRandom();
    private final Tokens tokens = new Tokens(random);

    private final Workspace acme = new Workspace("acme", Optional.empty(), Optional.empty(), T0, false);
    private final String readerId = tokens.newId();
    private final String reader = tokens.newToken(readerId);
    private final String keyId = tokens.newId();
    private final String secret = tokens.newSecret();

    private Credential readerToken(final boolean revoked) {
        return new Credential(readerId, "acme", "analyst", Credential.Kind.TOKEN, Set.of(Scope.PROFILES_READ),
                SaltedHash.hash(reader, random), T0, revoked);
    }

    private Credential etlKey() {
        return new Credential(keyId, "acme", "etl", Credential.Kind.KEY, Set.of(Scope.CUSTOMERS_WRITE),
                SaltedHash.hash(secret, random), T0, false);
    }

    private AccessControl access(final Workspace workspace, final Credential... credentials) {
        return new AccessControl(new FixedDirectory(List.of(workspace), List.of(credentials)),
                Clock.fixed(T0, ZoneOffset.UTC));
    }

    private static PresentedCredentials bearer(final String token) {
        return PresentedCredentials.fromHeaders(Map.of("Authorization", "Bearer " + token)::get);
    }

    private static PresentedCredentials keySecret(final String key, final String secret) {
        return PresentedCredentials.fromHeaders(Map.of("key", key, "secret", secret)::get);
    }

    @Test
    void shouldFindAnIssuedTokenByItsIdAndGrantOnlyItsScopes() {
        // Given a token with profiles:read
        final AccessControl access = access(acme, readerToken(false), etlKey());
        // When it is presented
        final Optional<Caller> caller = access.authenticate(bearer(reader));
        // Then it is the workspace's caller with that scope alone, and its use is recorded
        assertThat(caller).hasValueSatisfying(c -> {
            assertThat(c.workspaceId()).isEqualTo("acme");
            assertThat(c.may(Scope.PROFILES_READ)).isTrue();
            assertThat(c.may(Scope.CUSTOMERS_WRITE)).isFalse();
        });
        assertThat(access.lastUse(readerId)).contains(T0);
    }

    @Test
    void shouldCarryAKeysScopesToItsCaller() {
        final AccessControl access = access(acme, etlKey());
        assertThat(access.authenticate(keySecret(keyId, secret))).hasValueSatisfying(c -> {
            assertThat(c.may(Scope.CUSTOMERS_WRITE)).isTrue();
            assertThat(c.may(Scope.CUSTOMERS_DELETE)).isFalse();
        });
    }

    @Test
    void shouldRefuseAWrongSecretAnotherKindAndAnUnknownId() {
        final AccessControl access = access(acme, readerToken(false), etlKey());
        // A token whose secret part was changed
        assertThat(access.authenticate(bearer(reader.substring(0, reader.length() - 2) + "xx"))).isEmpty();
        // A key presented as a token id, and a token id presented as a key
        assertThat(access.authenticate(bearer(Tokens.PREFIX + keyId + "_" + secret))).isEmpty();
        assertThat(access.authenticate(keySecret(readerId, reader))).isEmpty();
        // An id nobody issued
        assertThat(access.authenticate(bearer(tokens.newToken(tokens.newId())))).isEmpty();
        assertThat(access.authenticate(keySecret("nope", secret))).isEmpty();
    }

    @Test
    void shouldRefuseARevokedCredential() {
        final AccessControl access = access(acme, readerToken(true));
        assertThat(access.authenticate(bearer(reader))).isEmpty();
    }

    @Test
    void shouldRefuseEveryCredentialOfADeletedWorkspace() {
        final AccessControl access = access(acme.deleted(true), readerToken(false), etlKey());
        assertThat(access.authenticate(bearer(reader))).isEmpty();
        assertThat(access.authenticate(keySecret(keyId, secret))).isEmpty();
    }

    @Test
    void shouldParseOnlyTheIssuedTokenForm() {
        assertThat(Tokens.credentialId(reader)).contains(readerId);
        assertThat(Tokens.credentialId("demo-token")).isEmpty();
        assertThat(Tokens.credentialId("cdp_" + readerId)).isEmpty();
        assertThat(Tokens.credentialId("cdp_" + readerId.toUpperCase() + "_x")).isEmpty();
        assertThat(tokens.newId()).matches("[0-9a-f]{24}").isNotEqualTo(tokens.newId());
    }

    @Test
    void shouldSaltEveryHashSoEqualSecretsHashApart() {
        // Given one secret hashed twice
        final SaltedHash first = SaltedHash.hash("same", random);
        final SaltedHash second = SaltedHash.hash("same", random);
        // Then the hashes differ, each matches only that secret, and neither prints its digest
        assertThat(first).isNotEqualTo(second);
        assertThat(first.matches("same")).isTrue();
        assertThat(first.matches("Same")).isFalse();
        assertThat(first.toString()).doesNotContain("same").isEqualTo("SaltedHash[salted]");
        assertThat(SaltedHash.of(first.salt(), first.hash())).isEqualTo(first);
    }

    @Test
    void shouldHoldTheConfiguredWorkspaceOnlyWhenTheTopicHasItsSecrets() {
        // Given the demo workspace as configured, and as a previous start wrote it (other salts)
        final AccessSettings settings = new FixedSettings("demo", "demo-key", "demo-secret", "demo-token", "sha256:"
                + "1f6e1d5c1b2d0b7e57a0bff5b8d33f9b6d0e2a0ab3bcb34f8d6f2bb1bd5e9e0a");
        final ConfiguredWorkspace now = ConfiguredWorkspace.of(settings, T0, random).orElseThrow();
        final ConfiguredWorkspace before = ConfiguredWorkspace.of(settings, T0.minusSeconds(60), random).orElseThrow();
        // Then each credential written before is held (nothing is written again), a revoked or changed one is not
        for (final Credential credential : now.credentials()) {
            final Credential previous = before.credentials().stream().filter(c -> c.id().equals(credential.id()))
                    .findFirst().orElseThrow();
            assertThat(now.holds(credential, Optional.of(previous))).as(credential.id()).isTrue();
            assertThat(now.holds(credential, Optional.of(previous.revoked(true)))).isFalse();
            assertThat(now.holds(credential, Optional.empty())).isFalse();
        }
        final ConfiguredWorkspace rotated = ConfiguredWorkspace.of(new FixedSettings("demo", "demo-key", "new-secret",
                null, null), T0, random).orElseThrow();
        assertThat(rotated.holds(rotated.credentials().getFirst(), Optional.of(now.credentials().getFirst()))).isFalse();
        // And its configured token authenticates from the workspace's own directory, whatever its form
        final AccessControl access = new AccessControl(now.directory(), Clock.fixed(T0, ZoneOffset.UTC));
        assertThat(access.authenticate(bearer("demo-token"))).isPresent();
        assertThat(access.authenticate(keySecret("demo-key", "demo-secret"))).isPresent();
    }

    @Test
    void shouldProvisionNothingWithoutAConfiguredSecret() {
        assertThat(ConfiguredWorkspace.of(new FixedSettings("demo", "demo-key", null, null, null), T0, random)).isEmpty();
    }

    @Test
    void shouldLetTheTopicsRevokeAConfiguredCredentialOverConfiguration() {
        // Given the configured workspace as fallback, and a topic that holds its token revoked
        final AccessSettings settings = new FixedSettings("demo", "demo-key", "demo-secret", "demo-token", null);
        final ConfiguredWorkspace configured = ConfiguredWorkspace.of(settings, T0, random).orElseThrow();
        final Credential revoked = configured.credentials().stream()
                .filter(c -> c.id().equals(ConfiguredWorkspace.TOKEN_ID)).findFirst().orElseThrow().revoked(true);
        final Directory topics = new FixedDirectory(List.of(configured.workspace()), List.of(revoked));
        final AccessControl access = new AccessControl(new FallbackDirectory(topics, configured.directory()),
                Clock.fixed(T0, ZoneOffset.UTC));
        // Then the token is refused, while the key (not on the topic yet) is admitted from configuration
        assertThat(access.authenticate(bearer("demo-token"))).isEmpty();
        assertThat(access.authenticate(keySecret("demo-key", "demo-secret"))).isPresent();
    }
}
