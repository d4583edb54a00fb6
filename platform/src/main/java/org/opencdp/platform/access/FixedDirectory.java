package org.opencdp.platform.access;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Directory} that does not change: the credentials a service is configured with
 * ({@link ConfiguredWorkspace}), or a test's workspaces ({@link WorkspaceCredentials}).
 */
public final class FixedDirectory implements Directory {

    private final Map<String, Workspace> workspaces = new LinkedHashMap<>();
    private final Map<String, Credential> credentials = new LinkedHashMap<>();

    public FixedDirectory(final Collection<Workspace> workspaces, final Collection<Credential> credentials) {
        workspaces.forEach(w -> this.workspaces.put(w.id(), w));
        credentials.forEach(c -> this.credentials.put(c.id(), c));
    }

    /**
     * Workspaces as tests list them: a key/secret pair (every scope), tokens with their scopes and admin tokens,
     * each token of the configured form ({@link #configuredTokens()}).
     */
    public static FixedDirectory of(final Collection<WorkspaceCredentials> workspaces) {
        final List<Workspace> spaces = new ArrayList<>();
        final List<Credential> credentials = new ArrayList<>();
        final Instant epoch = Instant.EPOCH;
        for (final WorkspaceCredentials ws : workspaces) {
            final String id = ws.workspaceId();
            spaces.add(new Workspace(id, Optional.empty(), Optional.empty(), epoch, false));
            credentials.add(new Credential(ws.apiKey(), id, "key", Credential.Kind.KEY, Scope.all(),
                    SaltedHash.unsalted(ws.secret()), epoch, false));
            for (int i = 0; i < ws.tokens().size(); i++) {
                final WorkspaceCredentials.Token token = ws.tokens().get(i);
                credentials.add(new Credential(id + "/token-" + i, id, "token-" + i, Credential.Kind.TOKEN,
                        token.scopes(), SaltedHash.unsalted(token.hash()), epoch, false));
            }
            for (int i = 0; i < ws.adminTokens().size(); i++) {
                credentials.add(new Credential(id + "/admin-" + i, id, "admin-" + i, Credential.Kind.ADMIN, Scope.all(),
                        SaltedHash.unsalted(ws.adminTokens().get(i)), epoch, false));
            }
        }
        return new FixedDirectory(spaces, credentials);
    }

    @Override
    public Optional<Credential> credential(final String id) {
        return Optional.ofNullable(credentials.get(id));
    }

    @Override
    public Optional<Workspace> workspace(final String id) {
        return Optional.ofNullable(workspaces.get(id));
    }

    @Override
    public Collection<Workspace> workspaces() {
        return List.copyOf(workspaces.values());
    }

    @Override
    public Collection<Credential> credentialsOf(final String workspaceId) {
        return credentials.values().stream().filter(c -> c.workspaceId().equals(workspaceId)).toList();
    }

    @Override
    public Collection<Credential> configuredTokens() {
        return credentials.values().stream().filter(c -> c.kind() != Credential.Kind.KEY).toList();
    }
}
