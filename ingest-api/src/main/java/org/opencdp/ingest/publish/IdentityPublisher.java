package org.opencdp.ingest.publish;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.opencdp.avro.IdentityCommand;
import org.opencdp.avro.WorkspaceKey;
import org.opencdp.schemas.ConsistencyToken;
import org.opencdp.schemas.Topics;

/**
 * Writes the requests that name their user by identifiers to {@code identity-commands}, keyed by workspace (the
 * projector resolves all of a workspace's identifiers on one partition, in order: docs/identity.md), and
 * completes once Kafka has acknowledged them, with the consistency token of the write:
 * {@code identity:<partition>:<offset>} ({@link ConsistencyToken#formatIdentity()}).
 */
@ApplicationScoped
public class IdentityPublisher {

    private final RecordPublisher<WorkspaceKey, IdentityCommand> records;

    @Inject
    public IdentityPublisher(final Producer<WorkspaceKey, IdentityCommand> producer, final PublishSettings settings) {
        this.records = new RecordPublisher<>(producer, settings.timeout());
    }

    /** Completes with the token, or exceptionally with {@link PublishFailedException}. */
    public CompletionStage<String> publish(final List<IdentityCommand> commands) {
        return records.publish(commands.stream().map(IdentityPublisher::record).toList()).thenApply(IdentityPublisher::token);
    }

    static String token(final Map<Integer, Long> highestOffsets) {
        return ConsistencyToken.of(highestOffsets).formatIdentity();
    }

    static ProducerRecord<WorkspaceKey, IdentityCommand> record(final IdentityCommand command) {
        return RecordPublisher.commandRecord(Topics.IDENTITY_COMMANDS, new WorkspaceKey(command.getWorkspaceId()),
                command, command.getRequestId(), command.getTimestamp());
    }
}
