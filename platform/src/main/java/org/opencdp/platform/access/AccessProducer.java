package org.opencdp.platform.access;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import io.quarkus.runtime.StartupEvent;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.opencdp.platform.kafka.FollowedDirectory;
import org.opencdp.platform.kafka.KafkaClients;
import org.opencdp.schemas.serde.RestSchemaRegistry;

/**
 * Builds the services' {@link AccessControl} over the followed workspaces and credentials topics
 * ({@link FollowedDirectory}), started with the service. The service that provisions the configured workspace
 * ({@code cdp.access.provision-workspace}: ingest-api) also admits its credentials from configuration until the topics
 * hold them ({@link FallbackDirectory}); the others know them from the topics alone.
 */
@ApplicationScoped
public class AccessProducer {

    @Produces
    @Singleton
    FollowedDirectory followedDirectory(final KafkaClients clients,
                                        @ConfigProperty(name = "cdp.schema-registry.url") final String registryUrl,
                                        @ConfigProperty(name = "quarkus.application.name") final String service) {
        return new FollowedDirectory(clients, new RestSchemaRegistry(registryUrl), service).start();
    }

    void close(@Disposes final FollowedDirectory directory) throws InterruptedException {
        directory.close();
    }

    @Produces
    @Singleton
    AccessControl accessControl(final FollowedDirectory followed, final AccessSettings settings,
                                @ConfigProperty(name = "cdp.access.provision-workspace", defaultValue = "false")
                                final boolean provision) {
        final Clock clock = Clock.systemUTC();
        final Directory directory = provision
                ? ConfiguredWorkspace.of(settings, clock.instant(), new SecureRandom())
                        .<Directory>map(configured -> new FallbackDirectory(followed, configured.directory()))
                        .orElse(followed)
                : followed;
        return new AccessControl(directory, clock);
    }

    /** A configured credential, plaintext (hashed here, never kept) or {@code sha256:<hex>}. */
    static SecretHash hash(final String configured) {
        return configured.startsWith(SecretHash.PREFIX) ? SecretHash.parse(configured) : SecretHash.of(configured);
    }

    /**
     * Before anything else starts: outside dev mode ({@code cdp.dev-mode}), the demo credentials or a short operator
     * token stop the service with a message saying what to set ({@link ProductionGuard}).
     */
    void refuseDemoCredentialsOutsideDevMode(
            @Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) final StartupEvent start,
            final AccessSettings settings,
            @ConfigProperty(name = "cdp.operator.token") final Optional<String> operatorToken,
            @ConfigProperty(name = "cdp.dev-mode", defaultValue = "false") final boolean devMode) {
        final List<String> problems = ProductionGuard.problems(settings, operatorToken);
        if (!devMode && !problems.isEmpty()) {
            throw new IllegalStateException(ProductionGuard.refusal(problems));
        }
    }

    /** Follows the topics from the start, so readiness reflects them before the first request. */
    void startFollowing(@Observes final StartupEvent start, final AccessControl access) {
        access.directory().status();
    }
}
