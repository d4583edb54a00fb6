package org.opencdp.ingest.publish;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.schemas.ConsistencyToken;
import org.opencdp.schemas.Topics;

/**
 * Writes a request's commands to {@code customer-commands}, keyed by {@link CustomerKey} (one customer's
 * commands share a partition and keep their order), and completes once Kafka has acknowledged every one
 * of them, with the positions written ({@link RecordPublisher} says how, and from which thread to call).
 */
@ApplicationScoped
public class CommandPublisher {

    private final RecordPublisher<CustomerKey, CustomerCommand> records;

    @Inject
    public CommandPublisher(final Producer<CustomerKey, CustomerCommand> producer, final PublishSettings settings) {
        this(producer, settings.timeout());
    }

    public CommandPublisher(final Producer<CustomerKey, CustomerCommand> producer, final Duration timeout) {
        this.records = new RecordPublisher<>(producer, timeout);
    }

    /** Whether {@link #publish} would not block now (see {@link RecordPublisher#takesWithoutBlocking}). */
    public boolean takesWithoutBlocking() {
        return records.takesWithoutBlocking();
    }

    /** Completes with the positions written, or exceptionally with {@link PublishFailedException}. */
    public CompletionStage<ConsistencyToken> publish(final List<CustomerCommand> commands) {
        return records.publish(commands.stream().map(CommandPublisher::record).toList())
                .thenApply(ConsistencyToken::of);
    }

    static ProducerRecord<CustomerKey, CustomerCommand> record(final CustomerCommand command) {
        return RecordPublisher.commandRecord(Topics.CUSTOMER_COMMANDS,
                new CustomerKey(command.getWorkspaceId(), command.getCustomerId()), command, command.getRequestId(),
                command.getTimestamp());
    }
}
