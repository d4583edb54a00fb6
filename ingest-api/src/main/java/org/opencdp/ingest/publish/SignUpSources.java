package org.opencdp.ingest.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

import org.eclipse.microprofile.config.Config;
import org.opencdp.avro.SignUpSource;
import org.opencdp.avro.SignUpSourceKey;
import org.opencdp.platform.kafka.CompactedTopicFollower;
import org.opencdp.platform.kafka.KafkaClients;
import org.opencdp.platform.kafka.SchemaRegistries;
import org.opencdp.platform.kafka.Visibility;
import org.opencdp.schemas.Topics;

/**
 * Every workspace's sign-up sources, as the compacted {@code sign-up-sources} topic holds them: a
 * {@link CompactedTopicFollower} reads the whole topic (read_committed) into memory and follows it, so every
 * ingest instance checks subscriptions against the same sources; it retries with back-off on any failure, skips
 * (and counts) a record it cannot decode, and is not ready ({@link SignUpSourcesReadiness}) while behind.
 * Small: a workspace has a handful.
 */
@ApplicationScoped
public class SignUpSources {

    /** The bound on sources held, across workspaces: far above a handful each, far below the heap. */
    static final int MAX_SOURCES = 100_000;

    private final CompactedTopicFollower<SignUpSourceKey, SignUpSource> follower;
    private final Visibility visibility = new Visibility();

    SignUpSources(final KafkaClients clients, final Config config) {
        final var serdes = Topics.SIGN_UP_SOURCES.serdes(SchemaRegistries.client(config));
        this.follower = new CompactedTopicFollower<>(Topics.SIGN_UP_SOURCES.name(), clients,
                "ingest-api-sign-up-sources", serdes.key().deserializer(), serdes.value().deserializer(),
                SignUpSourceKey::getWorkspaceId, CompactedTopicFollower.Settings.defaults(MAX_SOURCES),
                visibility::check);
    }

    void start(@Observes final StartupEvent started) {
        follower.start();
    }

    /** The workspace's sources, by id. */
    public List<SignUpSource> of(final String workspaceId) {
        final List<SignUpSource> sources = new ArrayList<>(follower.group(workspaceId).values());
        sources.sort(Comparator.comparing(SignUpSource::getSourceId));
        return sources;
    }

    public Optional<SignUpSource> find(final String workspaceId, final String sourceId) {
        return follower.get(new SignUpSourceKey(workspaceId, sourceId));
    }

    /** Whether the sources are read up to the topic's end, and why not. */
    public CompactedTopicFollower.Readiness readiness() {
        return follower.readiness();
    }

    /**
     * Completes once {@code seen} holds for the workspace's sources (a write became visible here), or with
     * false after {@code timeout}. Nothing waits on a thread: the follower completes it when it applies records.
     */
    public CompletionStage<Boolean> visible(final String workspaceId, final Predicate<List<SignUpSource>> seen,
                                            final Duration timeout) {
        return visibility.await(() -> seen.test(of(workspaceId)), timeout);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        follower.close();
    }
}
