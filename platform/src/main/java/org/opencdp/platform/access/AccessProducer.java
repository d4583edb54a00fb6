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

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.opencdp.platform.kafka.FollowedDirectory;
import org.opencdp.platform.kafka.KafkaClients;
import org.opencdp.platform.kafka.SchemaRegistries;

/**
 * Builds the services' {@link AccessControl} over the followed workspaces and credentials topics
 * ({@link FollowedDirectory}), started with the service. With {@value #FALLBACK} (ingest-api, which provisions the
 * configured workspace; a service run without it) it also admits the configured workspace's credentials from
 * configuration until the topics hold them ({@link FallbackDirectory}); without it (the projector and trigger of a
 * whole deployment) a service knows them from the topics alone.
 */
@ApplicationScoped
public class AccessProducer {

    /** The key that makes a service admit the configured workspace from configuration until the topics hold it. */
    public static final String FALLBACK = "cdp.access.configured-fallback";

    @Produces
    @Singleton
    FollowedDirectory followedDirectory(final KafkaClients clients, final Config config,
                                        @ConfigProperty(name = "quarkus.application.name") final String service) {
        return new FollowedDirectory(clients, SchemaRegistries.client(config), service).start();
    }

    void close(@Disposes final FollowedDirectory directory) throws InterruptedException {
        directory.close();
    }

    @Produces
    @Singleton
    AccessControl accessControl(final FollowedDirectory followed, final AccessSettings settings,
                                @ConfigProperty(name = FALLBACK, defaultValue = "false") final boolean fallback) {
        final Clock clock = Clock.systemUTC();
        final Directory directory = fallback
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
