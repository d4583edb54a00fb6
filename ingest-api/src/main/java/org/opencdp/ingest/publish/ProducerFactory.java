package org.opencdp.ingest.publish;

import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.eclipse.microprofile.config.Config;
import org.opencdp.avro.CatalogCommand;
import org.opencdp.avro.Credential;
import org.opencdp.avro.CredentialKey;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.IdentityCommand;
import org.opencdp.avro.PropertyKey;
import org.opencdp.avro.SignUpSource;
import org.opencdp.avro.SignUpSourceKey;
import org.opencdp.avro.Workspace;
import org.opencdp.avro.WorkspaceKey;
import org.opencdp.platform.kafka.KafkaClients;
import org.opencdp.platform.kafka.SchemaRegistries;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.Topics;

/**
 * The producers of ingest-api, one per topic it writes (each topic has its own key and value serdes), all
 * with the one configuration below: thread-safe, shared by every request, so concurrent requests fill the
 * same batches. Creating one does not connect: the service starts without Kafka, and requests get 503
 * until Kafka answers.
 */
@ApplicationScoped
public class ProducerFactory {

    /** Kafka's default and the broker's default {@code message.max.bytes}; see Limits#maxEncodedBytes. */
    static final int MAX_REQUEST_SIZE = 1024 * 1024;

    /** How many times RestSchemaRegistry tries a call before giving up. */
    private static final int REGISTRY_ATTEMPTS = 3;

    private final KafkaClients clients;
    private final Config config;
    private final PublishSettings settings;

    ProducerFactory(final KafkaClients clients, final Config config, final PublishSettings settings) {
        this.clients = clients;
        this.config = config;
        this.settings = settings;
    }

    @Produces
    @Singleton
    Producer<CustomerKey, CustomerCommand> commandProducer() {
        return producer(Topics.CUSTOMER_COMMANDS, "ingest-api");
    }

    @Produces
    @Singleton
    Producer<PropertyKey, CatalogCommand> catalogProducer() {
        return producer(Topics.CATALOG_COMMANDS, "ingest-api-catalog");
    }

    @Produces
    @Singleton
    Producer<WorkspaceKey, IdentityCommand> identityProducer() {
        return producer(Topics.IDENTITY_COMMANDS, "ingest-api-identity");
    }

    @Produces
    @Singleton
    Producer<SignUpSourceKey, SignUpSource> signUpSourceProducer() {
        return producer(Topics.SIGN_UP_SOURCES, "ingest-api-sign-up-sources");
    }

    @Produces
    @Singleton
    Producer<WorkspaceKey, Workspace> workspaceProducer() {
        return producer(Topics.WORKSPACES, "ingest-api-workspaces");
    }

    @Produces
    @Singleton
    Producer<CredentialKey, Credential> credentialProducer() {
        return producer(Topics.CREDENTIALS, "ingest-api-credentials");
    }

    void closeWorkspaceProducer(@Disposes final Producer<WorkspaceKey, Workspace> producer) {
        close(producer);
    }

    void closeCredentialProducer(@Disposes final Producer<CredentialKey, Credential> producer) {
        close(producer);
    }

    void closeIdentityProducer(@Disposes final Producer<WorkspaceKey, IdentityCommand> producer) {
        close(producer);
    }

    void closeSignUpSourceProducer(@Disposes final Producer<SignUpSourceKey, SignUpSource> producer) {
        close(producer);
    }

    void closeCommandProducer(@Disposes final Producer<CustomerKey, CustomerCommand> producer) {
        close(producer);
    }

    void closeCatalogProducer(@Disposes final Producer<PropertyKey, CatalogCommand> producer) {
        close(producer);
    }

    private <K extends SpecificRecord, V extends SpecificRecord> Producer<K, V> producer(
            final Topic<K, V> topic, final String clientId) {
        // The first record of each subject registers its schema inside send(): the registry client tries
        // up to 3 times, so a third of the publish timeout per attempt keeps that within the same bound.
        final Topic.Serdes<K, V> serdes = topic.serdes(
                SchemaRegistries.client(config, settings.timeout().dividedBy(REGISTRY_ATTEMPTS)));
        // Its metrics are reported until it is closed (KafkaClients).
        return clients.producer(properties(clients, clientId, settings), serdes.key().serializer(),
                serdes.value().serializer());
    }

    private void close(final Producer<?, ?> producer) {
        // Lets records already handed over finish, within the same bound a request waits.
        producer.close(Duration.ofSeconds(10));
    }

    /** The producer configuration: durable and ordered first, then throughput, every wait bounded. */
    static Map<String, Object> properties(final String bootstrapServers, final String clientId,
                                          final PublishSettings settings) {
        return properties(KafkaClients.of(bootstrapServers), clientId, settings);
    }

    /** {@link KafkaClients#producerConfig(String)} (durable, idempotent), tuned for ingest's requests. */
    static Map<String, Object> properties(final KafkaClients clients, final String clientId,
                                          final PublishSettings settings) {
        final long timeoutMs = settings.timeout().toMillis();
        final long lingerMs = settings.linger().toMillis();
        if (timeoutMs <= lingerMs) {
            throw new IllegalArgumentException("cdp.ingest.publish.timeout (" + settings.timeout()
                    + ") must exceed cdp.ingest.publish.linger (" + settings.linger() + ")");
        }
        // A 2xx means every in-sync replica has the command, written once and in order.
        final Map<String, Object> props = clients.producerConfig(clientId);
        // Throughput: a short linger lets concurrent requests share batches; large batches carry a
        // 10,000-customer request in few produce requests; lz4 compresses Avro cheaply on few cores.
        props.put(ProducerConfig.LINGER_MS_CONFIG, (int) lingerMs);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, settings.batchSize());
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, settings.compression());
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, settings.bufferMemory());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_SIZE);
        // Every wait is bounded by the publish timeout, so a request answers 503 instead of hanging:
        // send() blocks at most max.block.ms, a record is given up after delivery.timeout.ms, which
        // Kafka requires to be at least linger.ms + request.timeout.ms.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (timeoutMs - lingerMs));
        return props;
    }
}
