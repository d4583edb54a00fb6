package org.opencdp.ingest.publish;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.opencdp.avro.CredentialKey;
import org.opencdp.avro.SignUpSource;
import org.opencdp.avro.SignUpSourceKey;
import org.opencdp.avro.WorkspaceKey;
import org.opencdp.platform.access.Credential;
import org.opencdp.platform.access.Directory;
import org.opencdp.platform.access.Workspace;
import org.opencdp.platform.kafka.AccessRecords;
import org.opencdp.platform.kafka.FollowedDirectory;
import org.opencdp.platform.kafka.KafkaClients;
import org.opencdp.schemas.Topics;

/**
 * Writes workspaces and credentials to their compacted topics (the operator's and workspace admins' routes, and the
 * configured workspace at start), and withdraws a deleted workspace's sign-up sources: each write completes once
 * Kafka acknowledged it, and {@link #visible} once this instance's followers have read it, so a caller's next request
 * here already sees it.
 */
@ApplicationScoped
public class AccessPublisher {

    private final Producer<WorkspaceKey, org.opencdp.avro.Workspace> workspaces;
    private final Producer<CredentialKey, org.opencdp.avro.Credential> credentials;
    private final Producer<SignUpSourceKey, SignUpSource> signUpSources;
    private final FollowedDirectory followed;

    @Inject
    public AccessPublisher(final Producer<WorkspaceKey, org.opencdp.avro.Workspace> workspaces,
                           final Producer<CredentialKey, org.opencdp.avro.Credential> credentials,
                           final Producer<SignUpSourceKey, SignUpSource> signUpSources,
                           final FollowedDirectory followed) {
        this.workspaces = workspaces;
        this.credentials = credentials;
        this.signUpSources = signUpSources;
        this.followed = followed;
    }

    public CompletableFuture<Void> write(final Workspace workspace) {
        return KafkaClients.acknowledged(workspaces, new ProducerRecord<>(Topics.WORKSPACES.name(),
                AccessRecords.workspaceKey(workspace.id()), AccessRecords.toRecord(workspace)));
    }

    public CompletableFuture<Void> write(final Credential credential) {
        return KafkaClients.acknowledged(credentials, new ProducerRecord<>(Topics.CREDENTIALS.name(),
                AccessRecords.credentialKey(credential.id()), AccessRecords.toRecord(credential)));
    }

    /** A tombstone for a sign-up source of a deleted workspace: compaction then erases it from the topic. */
    public CompletableFuture<Void> withdraw(final SignUpSourceKey source) {
        return KafkaClients.acknowledged(signUpSources, new ProducerRecord<>(Topics.SIGN_UP_SOURCES.name(), source, null));
    }

    /** Completes with true once {@code seen} holds for what this instance follows, or false after {@code timeout}. */
    public CompletionStage<Boolean> visible(final Predicate<Directory> seen, final Duration timeout) {
        return followed.visible(seen, timeout);
    }

    public Directory followed() {
        return followed;
    }
}
