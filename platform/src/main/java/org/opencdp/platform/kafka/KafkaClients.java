package org.opencdp.platform.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.eclipse.microprofile.config.Config;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.serde.SchemaRegistry;

/**
 * The one place the services build the Kafka clients they use outside Kafka Streams (producers, consumers,
 * admins), so that every client connects the same way: the connection settings ({@code bootstrap.servers}
 * and, when a deployment needs them, {@code security.protocol}, {@code ssl.*}, {@code sasl.*}) come from one
 * source, and every producer is durable ({@code acks=all}, idempotent) with its waits bounded.
 *
 * <p>The connection settings are every configuration key under {@value #PREFIX} with the prefix removed
 * ({@code kafka.bootstrap.servers}, {@code kafka.security.protocol}, ...), as Quarkus and SmallRye read them for
 * their own Kafka clients; a key set in {@code application.properties} is overridden by its environment
 * variable ({@code KAFKA_SECURITY_PROTOCOL}). Kafka Streams takes its connection from the same keys
 * ({@code quarkus.kafka-streams.bootstrap-servers} defaults to {@code kafka.bootstrap.servers}); a client built
 * inside Streams (a handler configured with the streams configuration) uses {@link #fromStreamsConfig}.
 *
 * <p>Every client built here reports Kafka's own metrics (Micrometer's {@code KafkaClientMetrics}: families
 * {@code kafka_producer_*}, {@code kafka_consumer_*}, {@code kafka_admin_client_*}, tagged with the client's
 * {@code client_id}, which names what the client is for) to the application's meter registry, and stops
 * reporting them when it is closed: a client built per request or per restart leaves no meter behind
 * ({@link MeteredClients}). The registry is Micrometer's global one unless one is given: Quarkus adds its
 * Prometheus registry to it, so {@code /q/metrics} shows them; with no registry added (tests, tools) the
 * meters go nowhere.
 */
public final class KafkaClients {

    /** The configuration prefix of the connection settings every hand-built client shares. */
    public static final String PREFIX = "kafka.";

    /** The prefix of the environment variables that set a connection setting without a key under {@value #PREFIX}. */
    static final String VARIABLE_PREFIX = "KAFKA_";

    private final Map<String, Object> connection;
    private final MeterRegistry meters;

    /** Clients connecting with {@code connection}, which names at least {@code bootstrap.servers}. */
    public KafkaClients(final Map<String, ?> connection) {
        this(connection, Metrics.globalRegistry);
    }

    /** Clients connecting with {@code connection}, reporting their metrics to {@code meters}. */
    public KafkaClients(final Map<String, ?> connection, final MeterRegistry meters) {
        if (connection.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) == null) {
            throw new IllegalArgumentException("Set " + PREFIX + CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        }
        this.connection = Map.copyOf(connection);
        this.meters = meters;
    }

    /** Clients connecting with the servers named, and no other setting: for tests and tools. */
    public static KafkaClients of(final String bootstrapServers) {
        return new KafkaClients(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Clients connecting with every key of {@code config} under {@value #PREFIX}, the prefix removed. */
    public static KafkaClients fromConfig(final Config config) {
        return fromConfig(config, Metrics.globalRegistry);
    }

    /** {@link #fromConfig(Config)}, the clients reporting their metrics to {@code meters}. */
    public static KafkaClients fromConfig(final Config config, final MeterRegistry meters) {
        final Map<String, Object> connection = new TreeMap<>();
        // Environment variables first, so that a key under kafka. (which SmallRye already resolves with its
        // environment override) wins over the same setting spelled as an environment variable only.
        for (final String name : config.getPropertyNames()) {
            connectionKeyOfVariable(name).ifPresent(key -> config.getOptionalValue(name, String.class)
                    .ifPresent(value -> connection.put(key, value)));
        }
        for (final String name : config.getPropertyNames()) {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
                config.getOptionalValue(name, String.class)
                        .ifPresent(value -> connection.put(name.substring(PREFIX.length()), value));
            }
        }
        return new KafkaClients(connection, meters);
    }

    /**
     * The connection setting an environment variable names, as Quarkus reads them for Kafka Streams (its
     * {@code default-kafka-broker} configuration): {@code KAFKA_SASL_JAAS_CONFIG} is {@code sasl.jaas.config},
     * so a secret set only in the environment reaches every client, not only Streams. The variables of other
     * keys that start with {@code kafka} ({@code KAFKA_STREAMS_*} of {@code kafka-streams.*}) are not connection
     * settings.
     */
    static Optional<String> connectionKeyOfVariable(final String name) {
        if (!name.startsWith(VARIABLE_PREFIX) || name.length() == VARIABLE_PREFIX.length()
                || name.startsWith("KAFKA_STREAMS_") || !name.equals(name.toUpperCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of(name.substring(VARIABLE_PREFIX.length()).toLowerCase(Locale.ROOT)
                .replace('_', '.'));
    }

    /**
     * Clients connecting as the Kafka Streams configuration {@code streamsConfig} does: its bootstrap servers
     * and security settings ({@code security.*}, {@code ssl.*}, {@code sasl.*}), nothing Streams-specific.
     */
    public static KafkaClients fromStreamsConfig(final Map<String, ?> streamsConfig) {
        final Map<String, Object> connection = new HashMap<>();
        streamsConfig.forEach((name, value) -> {
            if (name.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) || name.startsWith("security.")
                    || name.startsWith("ssl.") || name.startsWith("sasl.")) {
                connection.put(name, value);
            }
        });
        return new KafkaClients(connection);
    }

    /** The connection settings every client gets. */
    public Map<String, Object> connection() {
        return connection;
    }

    /**
     * A durable producer's configuration: every in-sync replica has a record before it is acknowledged, and
     * idempotence keeps retries from duplicating or reordering a partition's records (up to 5 requests in
     * flight). Kafka's default waits.
     */
    public Map<String, Object> producerConfig(final String clientId) {
        final Map<String, Object> config = new HashMap<>(connection);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        return config;
    }

    /**
     * {@link #producerConfig(String)} for a producer a request waits on: no linger, and every wait within
     * {@code timeout} ({@code send()} blocks at most that long, a record is given up after it), with room for
     * one retry of a request the broker did not answer; so a slow broker yields a 503, not a hung request.
     */
    public Map<String, Object> producerConfig(final String clientId, final Duration timeout) {
        final int timeoutMs = Math.toIntExact(timeout.toMillis());
        final Map<String, Object> config = producerConfig(clientId);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs / 2);
        return config;
    }

    /**
     * A producer with {@code config} (from {@link #producerConfig}), its metrics reported until it is closed;
     * creating it does not connect.
     */
    public <K, V> Producer<K, V> producer(final Map<String, Object> config, final Serializer<K> keys,
                                          final Serializer<V> values) {
        return MeteredClients.producer(new KafkaProducer<>(config, keys, values), meters);
    }

    /**
     * A producer of {@code topic}'s records that a request waits on ({@link #producerConfig(String, Duration)}),
     * with the topic's serializers on {@code registry}.
     */
    public <K extends SpecificRecord, V extends SpecificRecord> Producer<K, V> producer(
            final Topic<K, V> topic, final SchemaRegistry registry, final String clientId, final Duration timeout) {
        final Topic.Serdes<K, V> serdes = topic.serdes(registry);
        return producer(producerConfig(clientId, timeout), serdes.key().serializer(), serdes.value().serializer());
    }

    /**
     * Sends {@code record}; completes when Kafka acknowledged it, exceptionally when it did not (or the producer
     * refused it at once). For a request that answers after the acknowledgement without holding a thread.
     */
    public static <K, V> CompletableFuture<Void> acknowledged(final Producer<K, V> producer,
                                                               final ProducerRecord<K, V> record) {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, failure) -> {
                if (failure == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /**
     * A group-less consumer's configuration: it reads committed records only (never those of an aborted or open
     * transaction), commits nothing and never creates the topic it asks about; its user assigns and seeks the
     * partitions itself.
     */
    public Map<String, Object> consumerConfig(final String clientId) {
        final Map<String, Object> config = new HashMap<>(connection);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return config;
    }

    /**
     * A consumer with {@link #consumerConfig}, its metrics reported until it is closed; creating it does not
     * connect.
     */
    public <K, V> Consumer<K, V> consumer(final String clientId, final Deserializer<K> keys,
                                          final Deserializer<V> values) {
        return MeteredClients.consumer(new KafkaConsumer<>(consumerConfig(clientId), keys, values), meters);
    }

    /** An admin client, its metrics reported until it is closed; creating it does not connect. */
    public Admin admin(final String clientId) {
        final Map<String, Object> config = new HashMap<>(connection);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return MeteredClients.admin(AdminClient.create(config), meters);
    }
}
