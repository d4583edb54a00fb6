package org.opencdp.ingest.publish;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.runtime.StartupEvent;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.opencdp.platform.access.AccessSettings;
import org.opencdp.platform.access.ConfiguredWorkspace;
import org.opencdp.platform.access.Credential;
import org.opencdp.platform.access.Directory;
import org.opencdp.platform.failure.ErrorChain;

/**
 * Provisions the configured workspace ({@code CDP_WORKSPACE_*}; the dev stack's demo workspace) through the same
 * topics as the operator's routes: once this instance has read them to their end, it writes the workspace and each
 * configured credential that they do not hold already (same workspace, kind, scopes and secret), so a restart writes
 * nothing. A background thread, retried with back-off until done: the service starts without Kafka.
 */
@ApplicationScoped
public class Provisioning {

    private static final Logger LOG = Logger.getLogger(Provisioning.class);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Optional<ConfiguredWorkspace> configured;
    private final AccessPublisher publisher;
    private final boolean enabled;
    private volatile boolean running = true;
    private Thread thread;

    @Inject
    public Provisioning(final AccessSettings settings, final AccessPublisher publisher,
                        @ConfigProperty(name = "cdp.access.provision-workspace", defaultValue = "false") final boolean enabled) {
        this.configured = ConfiguredWorkspace.of(settings, Clock.systemUTC().instant(), new SecureRandom());
        this.publisher = publisher;
        this.enabled = enabled;
    }

    void start(@Observes final StartupEvent started) {
        if (enabled && configured.isPresent()) {
            thread = Thread.ofPlatform().name("provision-configured-workspace").daemon().start(this::provision);
        }
    }

    private void provision() {
        final ConfiguredWorkspace workspace = configured.orElseThrow();
        Duration backoff = Duration.ofMillis(500);
        while (running) {
            try {
                if (await(d -> d.status().ready())) {
                    final int written = writeMissing(workspace);
                    if (await(d -> held(workspace, d))) {
                        LOG.infof("Workspace %s is provisioned (%d records written)", workspace.workspace().id(), written);
                        return;
                    }
                }
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                LOG.warnf("Provisioning workspace %s failed, retrying in %d ms: %s", workspace.workspace().id(),
                        backoff.toMillis(), ErrorChain.describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private int writeMissing(final ConfiguredWorkspace workspace)
            throws InterruptedException, ExecutionException, TimeoutException {
        final Directory followed = publisher.followed();
        final List<CompletableFuture<Void>> writes = new ArrayList<>();
        if (!workspace.holds(followed.workspace(workspace.workspace().id()))) {
            writes.add(publisher.write(workspace.workspace()));
        }
        for (final Credential credential : workspace.credentials()) {
            if (!workspace.holds(credential, followed.credential(credential.id()))) {
                writes.add(publisher.write(credential));
            }
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return writes.size();
    }

    private static boolean held(final ConfiguredWorkspace workspace, final Directory directory) {
        return workspace.holds(directory.workspace(workspace.workspace().id()))
                && workspace.credentials().stream().allMatch(c -> workspace.holds(c, directory.credential(c.id())));
    }

    private boolean await(final java.util.function.Predicate<Directory> seen)
            throws InterruptedException, ExecutionException {
        return publisher.visible(seen, WAIT).toCompletableFuture().get();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(Duration.ofSeconds(5));
        }
    }
}
