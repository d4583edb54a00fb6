package org.opencdp.ingest.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.IntStream;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.opencdp.avro.CatalogCommand;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.IdentityCommand;
import org.opencdp.avro.PropertyKey;
import org.opencdp.avro.WorkspaceKey;
import org.opencdp.embedded.SharedInfrastructure;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.RestSchemaRegistry;

/**
 * Reads a command topic from the start with a real consumer and the platform's Avro serde. The consumer is
 * opened on first use (so a test class may declare its log as a constant) and closed by {@link #close()}.
 */
public final class CommandLog<K extends SpecificRecord, V extends SpecificRecord> implements AutoCloseable {

    private final Topic<K, V> topic;
    private final List<TopicPartition> partitions;
    private final Function<V, String> requestIdOf;
    private final List<ConsumerRecord<K, V>> read = new ArrayList<>();
    private KafkaConsumer<K, V> consumer;

    private CommandLog(final Topic<K, V> topic, final Function<V, String> requestIdOf) {
        this.topic = topic;
        this.requestIdOf = requestIdOf;
        partitions = IntStream.range(0, EmbeddedInfrastructure.PARTITIONS)
                .mapToObj(p -> new TopicPartition(topic.name(), p)).toList();
    }

    /** The consumer, opened and sought to the beginning on first use. */
    private KafkaConsumer<K, V> consumer() {
        if (consumer == null) {
            final SharedInfrastructure infrastructure = EmbeddedInfrastructure.infrastructure();
            final Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            final Topic.Serdes<K, V> serdes = topic.serdes(new RestSchemaRegistry(infrastructure.registryUrl()));
            consumer = new KafkaConsumer<>(props, serdes.key().deserializer(), serdes.value().deserializer());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }
        return consumer;
    }

    /** {@code customer-commands}. */
    public static CommandLog<CustomerKey, CustomerCommand> customerCommands() {
        return new CommandLog<>(Topics.CUSTOMER_COMMANDS, CustomerCommand::getRequestId);
    }

    /** {@code catalog-commands}. */
    public static CommandLog<PropertyKey, CatalogCommand> catalogCommands() {
        return new CommandLog<>(Topics.CATALOG_COMMANDS, CatalogCommand::getRequestId);
    }

    /** {@code identity-commands}. */
    public static CommandLog<WorkspaceKey, IdentityCommand> identityCommands() {
        return new CommandLog<>(Topics.IDENTITY_COMMANDS, IdentityCommand::getRequestId);
    }

    /** Waits until {@code count} commands of request {@code requestId} are read; returns them in log order per partition. */
    public List<ConsumerRecord<K, V>> awaitRequest(final String requestId, final int count) {
        await().until(() -> {
            poll();
            return ofRequest(requestId).size() >= count;
        });
        return ofRequest(requestId);
    }

    /** Every command of {@code requestId} in the log now (reads up to the current end of every partition). */
    public List<ConsumerRecord<K, V>> readToEnd(final String requestId) {
        final Map<TopicPartition, Long> end = consumer().endOffsets(partitions);
        await().until(() -> {
            poll();
            return end.entrySet().stream().allMatch(e -> consumer().position(e.getKey()) >= e.getValue());
        });
        return ofRequest(requestId);
    }

    /** Polls on the test's thread: a KafkaConsumer belongs to one thread. */
    private static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInSameThread();
    }

    private void poll() {
        consumer().poll(Duration.ofMillis(200)).forEach(read::add);
    }

    private List<ConsumerRecord<K, V>> ofRequest(final String requestId) {
        return read.stream().filter(r -> requestIdOf.apply(r.value()).equals(requestId)).toList();
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close();
            consumer = null;
            read.clear();
        }
    }
}
