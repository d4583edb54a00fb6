package org.opencdp.platform.access;

import java.util.List;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import io.quarkus.runtime.StartupEvent;

import org.eclipse.microprofile.config.inject.ConfigProperty;

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
        return configured.filter(v -> !v.isBlank()).map(AccessProducer::hash);
    }

    /** A configured credential, plaintext (hashed here, never kept) or {@code sha256:<hex>}. */
    static SecretHash hash(final String configured) {
        return configured.startsWith("sha256:") ? SecretHash.parse(configured) : SecretHash.of(configured);
    }

    /**
     * Before anything else starts: outside dev mode ({@code cdp.dev-mode}), the demo credentials stop the service
     * with a message saying what to set ({@link ProductionGuard}).
     */
    void refuseDemoCredentialsOutsideDevMode(
            @Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) final StartupEvent start,
            final AccessSettings settings,
            @ConfigProperty(name = "cdp.dev-mode", defaultValue = "false") final boolean devMode) {
        final List<String> problems = ProductionGuard.problems(settings);
        if (!devMode && !problems.isEmpty()) {
            throw new IllegalStateException(ProductionGuard.refusal(problems));
        }
    }
}
