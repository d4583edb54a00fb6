package org.opencdp.platform.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.opencdp.avro.CredentialKey;
import org.opencdp.avro.WorkspaceKey;
import org.opencdp.platform.access.Credential;
import org.opencdp.platform.access.Directory;
import org.opencdp.platform.access.Workspace;
import org.opencdp.platform.access.ConfiguredWorkspace;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.SchemaRegistry;

/**
 * The workspaces and credentials topics, followed into memory ({@link CompactedTopicFollower}: read whole, then
 * every new record, retried on failure, bounded), as the {@link Directory} every instance of every service
 * authenticates against. A revocation applies here as soon as its record is read: within a poll (half a second)
 * of being written, on every instance (docs/workspaces.md).
 */
public final class FollowedDirectory implements Directory, AutoCloseable {

    /** The bound on credentials held across workspaces (and, separately, on workspaces). */
    public static final int MAX_ENTRIES = 100_000;
    /** Every key is in one group: lookups are by id, listings read the whole (bounded) group. */
    private static final String ALL = "";

    private final CompactedTopicFollower<String, Workspace> workspaces;
    private final CompactedTopicFollower<String, Credential> credentials;
    private final Visibility visibility = new Visibility();

    /** @param clientId names this service's followers, e.g. {@code ingest-api} */
    public FollowedDirectory(final KafkaClients clients, final SchemaRegistry registry, final String clientId) {
        final var workspaceSerdes = Topics.WORKSPACES.serdes(registry);
        final var credentialSerdes = Topics.CREDENTIALS.serdes(registry);
        this.workspaces = new CompactedTopicFollower<>(Topics.WORKSPACES.name(), clients, clientId + "-workspaces",
                AccessRecords.translated(workspaceSerdes.key().deserializer(), WorkspaceKey::getWorkspaceId),
                AccessRecords.translated(workspaceSerdes.value().deserializer(), AccessRecords::fromRecord),
                id -> ALL, CompactedTopicFollower.Settings.defaults(MAX_ENTRIES), visibility::check, Workspace::kept);
        this.credentials = new CompactedTopicFollower<>(Topics.CREDENTIALS.name(), clients, clientId + "-credentials",
                AccessRecords.translated(credentialSerdes.key().deserializer(), CredentialKey::getCredentialId),
                AccessRecords.translated(credentialSerdes.value().deserializer(), AccessRecords::fromRecord),
                id -> ALL, CompactedTopicFollower.Settings.defaults(MAX_ENTRIES), visibility::check);
    }

    public FollowedDirectory start() {
        workspaces.start();
        credentials.start();
        return this;
    }

    @Override
    public Optional<Credential> credential(final String id) {
        return credentials.get(id);
    }

    @Override
    public Optional<Workspace> workspace(final String id) {
        return workspaces.get(id);
    }

    @Override
    public Collection<Workspace> workspaces() {
        return List.copyOf(workspaces.group(ALL).values());
    }

    @Override
    public Collection<Credential> credentialsOf(final String workspaceId) {
        return credentials.group(ALL).values().stream().filter(c -> c.workspaceId().equals(workspaceId)).toList();
    }

    @Override
    public Collection<Credential> configuredTokens() {
        return Stream.of(ConfiguredWorkspace.TOKEN_ID, ConfiguredWorkspace.ADMIN_ID)
                .flatMap(id -> credentials.get(id).stream()).toList();
    }

    @Override
    public Status status() {
        final CompactedTopicFollower.Readiness w = workspaces.readiness();
        final CompactedTopicFollower.Readiness c = credentials.readiness();
        return new Status(w.ready() && c.ready(), w.detail() + "; " + c.detail());
    }

    /**
     * Completes with true once {@code seen} holds for what this instance follows (a write became visible here), or
     * with false after {@code timeout}. Nothing waits on a thread: the followers complete it as they apply records.
     */
    public CompletionStage<Boolean> visible(final Predicate<Directory> seen, final Duration timeout) {
        return visibility.await(() -> seen.test(this), timeout);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            workspaces.close();
        } finally {
            credentials.close();
        }
    }
}
