package org.opencdp.platform.access;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates requests against the workspaces' hashed credentials. Every comparison of a secret or
 * token is a constant-time comparison of hashes; nothing here keeps a plaintext secret.
 */
public final class AccessControl {

    private final List<WorkspaceCredentials> workspaces;

    public AccessControl(final Collection<WorkspaceCredentials> workspaces) {
        this.workspaces = List.copyOf(workspaces);
    }

    /** The caller these credentials identify, or empty when they identify none. */
    public Optional<Caller> authenticate(final PresentedCredentials presented) {
        if (presented.bearer().isPresent()) {
            return byToken(presented.bearer().get());
        }
        if (presented.key().isPresent() && presented.secret().isPresent()) {
            return byKeyAndSecret(presented.key().get(), presented.secret().get());
        }
        return Optional.empty();
    }

    private Optional<Caller> byKeyAndSecret(final String key, final String secret) {
        Optional<Caller> found = Optional.empty();
        for (final WorkspaceCredentials ws : workspaces) {
            // Check every workspace's secret, so the time taken does not tell which key exists.
            final boolean secretMatches = ws.secret().matches(secret);
            if (ws.apiKey().equals(key) && secretMatches) {
                found = Optional.of(new Caller(ws.workspaceId(), Scope.all(), false));
            }
        }
        return found;
    }

    private Optional<Caller> byToken(final String token) {
        Optional<Caller> found = Optional.empty();
        for (final WorkspaceCredentials ws : workspaces) {
            for (final SecretHash admin : ws.adminTokens()) {
                if (admin.matches(token)) {
                    found = Optional.of(new Caller(ws.workspaceId(), Scope.all(), true));
                }
            }
            for (final WorkspaceCredentials.Token t : ws.tokens()) {
                if (t.hash().matches(token) && found.isEmpty()) {
                    found = Optional.of(new Caller(ws.workspaceId(), Set.copyOf(t.scopes()), false));
                }
            }
        }
        return found;
    }
}
