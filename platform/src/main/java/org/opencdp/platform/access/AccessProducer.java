package org.opencdp.platform.access;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the services' {@link AccessControl} from {@link AccessSettings}. */
@ApplicationScoped
public class AccessProducer {

    @Produces
    @Singleton
    AccessControl accessControl(final AccessSettings settings) {
        return new AccessControl(List.of(credentials(settings)));
    }

    static WorkspaceCredentials credentials(final AccessSettings settings) {
        final SecretHash secret = hash(settings.secret())
                .orElseThrow(() -> new IllegalStateException("Set cdp.workspace.secret (CDP_WORKSPACE_SECRET)"));
        final List<WorkspaceCredentials.Token> tokens = hash(settings.token())
                .map(h -> List.of(new WorkspaceCredentials.Token(h, Scope.all())))
                .orElse(List.of());
        final List<SecretHash> admins = hash(settings.adminToken()).map(List::of).orElse(List.of());
        return new WorkspaceCredentials(settings.id(), settings.key(), secret, tokens, admins);
    }

    private static Optional<SecretHash> hash(final Optional<String> configured) {
        return configured.filter(v -> !v.isBlank())
                .map(v -> v.startsWith("sha256:") ? SecretHash.parse(v) : SecretHash.of(v));
    }
}
