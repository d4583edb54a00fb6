package org.opencdp.platform.access;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The workspace a deployment is configured with ({@link AccessSettings}, {@code CDP_WORKSPACE_*}; the dev stack's
 * demo workspace), as records of the workspaces and credentials topics. ingest-api writes them there at start
 * unless they are there already ({@link #holds}); every service then knows them from the topics alone.
 * <p>
 * Its credentials have fixed ids: the key is the configured key, the token {@value #TOKEN_ID}, the admin token
 * {@value #ADMIN_ID}; configured tokens keep whatever form they are given ({@link Directory#configuredTokens()}).
 */
public final class ConfiguredWorkspace {

    public static final String TOKEN_ID = "configured-token";
    public static final String ADMIN_ID = "configured-admin";
    /** The name of every configured credential in {@code GET /credentials}. */
    public static final String NAME = "configured";

    private final Workspace workspace;
    private final List<Configured> credentials;

    /** One configured credential: its record, and the configured value (plaintext or {@code sha256:<hex>}). */
    private record Configured(Credential credential, String value) {
    }

    private ConfiguredWorkspace(final Workspace workspace, final List<Configured> credentials) {
        this.workspace = workspace;
        this.credentials = List.copyOf(credentials);
    }

    /** The configured workspace; empty when no secret is configured (then nothing is provisioned). */
    public static Optional<ConfiguredWorkspace> of(final AccessSettings settings, final Instant now,
                                                   final SecureRandom random) {
        final Optional<String> secret = present(settings.secret());
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        if (!settings.id().matches(Workspace.ID_PATTERN)) {
            throw new IllegalStateException("cdp.workspace.id (CDP_WORKSPACE_ID) must be 1 to 64 characters of"
                    + " [a-z0-9-], not '" + settings.id() + "'");
        }
        final String id = settings.id();
        final List<Configured> credentials = new ArrayList<>();
        credentials.add(configured(settings.key(), id, Credential.Kind.KEY, secret.get(), now, random));
        present(settings.token()).ifPresent(t -> credentials.add(configured(TOKEN_ID, id, Credential.Kind.TOKEN, t,
                now, random)));
        present(settings.adminToken()).ifPresent(t -> credentials.add(configured(ADMIN_ID, id, Credential.Kind.ADMIN,
                t, now, random)));
        return Optional.of(new ConfiguredWorkspace(new Workspace(id, Optional.empty(), Optional.empty(), now, false),
                credentials));
    }

    public Workspace workspace() {
        return workspace;
    }

    public List<Credential> credentials() {
        return credentials.stream().map(Configured::credential).toList();
    }

    /** A directory of this workspace alone. */
    public Directory directory() {
        return new FixedDirectory(List.of(workspace), credentials());
    }

    /**
     * Whether {@code existing} (what the topic holds under a configured credential's id) already is that credential:
     * same workspace, kind and scopes, not revoked, and the configured secret. Then it is not written again.
     */
    public boolean holds(final Credential configured, final Optional<Credential> existing) {
        final Configured wanted = credentials.stream().filter(c -> c.credential().id().equals(configured.id()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("Not configured: " + configured.id()));
        return existing.filter(e -> !e.revoked() && e.workspaceId().equals(configured.workspaceId())
                        && e.kind() == configured.kind() && e.scopes().equals(configured.scopes()))
                .filter(e -> wanted.value().startsWith(SecretHash.PREFIX)
                        ? e.hash().equals(configured.hash()) : e.hash().matches(wanted.value()))
                .isPresent();
    }

    /** Whether {@code existing} is this workspace, as configured: not deleted. */
    public boolean holds(final Optional<Workspace> existing) {
        return existing.filter(w -> !w.deleted()).isPresent();
    }

    private static Configured configured(final String credentialId, final String workspaceId, final Credential.Kind kind,
                                         final String value, final Instant now, final SecureRandom random) {
        final SaltedHash hash = value.startsWith(SecretHash.PREFIX)
                ? SaltedHash.unsalted(SecretHash.parse(value)) : SaltedHash.hash(value, random);
        return new Configured(new Credential(credentialId, workspaceId, NAME, kind, Scope.all(), hash, now, false), value);
    }

    private static Optional<String> present(final Optional<String> configured) {
        return configured.filter(v -> !v.isBlank());
    }
}
