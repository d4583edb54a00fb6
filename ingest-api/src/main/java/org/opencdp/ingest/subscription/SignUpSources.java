package org.opencdp.ingest.subscription;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.opencdp.avro.SignUpSource;
import org.opencdp.avro.SignUpSourceKey;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.RestSchemaRegistry;

/**
 * Every workspace's sign-up sources, as the compacted {@code sign-up-sources} topic holds them: a background
 * consumer reads the whole topic (read_committed) into memory and follows it, so every ingest instance checks
 * subscriptions against the same sources. Small: a workspace has a handful.
 */
@ApplicationScoped
public class SignUpSources {

    private static final Logger LOG = Logger.getLogger(SignUpSources.class);

    private final String bootstrapServers;
    private final String registryUrl;
    private final Map<String, Map<String, SignUpSource>> byWorkspace = new ConcurrentHashMap<>();
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    private volatile KafkaConsumer<SignUpSourceKey, SignUpSource> consumer;
    private volatile boolean running = true;
    private Thread follower;

    SignUpSources(@ConfigProperty(name = "kafka.bootstrap.servers") final String bootstrapServers,
                  @ConfigProperty(name = "cdp.schema-registry.url") final String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    void start(@Observes final StartupEvent started) {
        follower = Thread.ofPlatform().name("sign-up-sources-follower").daemon().start(this::follow);
    }

    /** The workspace's sources, by id. */
    public List<SignUpSource> of(final String workspaceId) {
        final List<SignUpSource> sources = new ArrayList<>(byWorkspace.getOrDefault(workspaceId, Map.of()).values());
        sources.sort(Comparator.comparing(SignUpSource::getSourceId));
        return sources;
    }

    public Optional<SignUpSource> find(final String workspaceId, final String sourceId) {
        return Optional.ofNullable(byWorkspace.getOrDefault(workspaceId, Map.of()).get(sourceId));
    }

    /**
     * Completes once {@code seen} holds for the workspace's sources (a write became visible here), or with
     * false after {@code timeout}. Nothing waits on a thread: the follower completes it when it applies records.
     */
    public CompletionStage<Boolean> visible(final String workspaceId, final Predicate<List<SignUpSource>> seen,
                                            final Duration timeout) {
        final Waiter waiter = new Waiter(workspaceId, seen, new CompletableFuture<>());
        waiters.add(waiter);
        check(waiter);
        return waiter.done().completeOnTimeout(false, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((result, failure) -> waiters.remove(waiter));
    }

    private record Waiter(String workspaceId, Predicate<List<SignUpSource>> seen, CompletableFuture<Boolean> done) {
    }

    private void check(final Waiter waiter) {
        if (waiter.seen().test(of(waiter.workspaceId()))) {
            waiter.done().complete(true);
        }
    }

    private void follow() {
        final var serdes = Topics.SIGN_UP_SOURCES.serdes(new RestSchemaRegistry(registryUrl));
        while (running) {
            try (KafkaConsumer<SignUpSourceKey, SignUpSource> reader = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.CLIENT_ID_CONFIG, "ingest-api-sign-up-sources"),
                    serdes.key().deserializer(), serdes.value().deserializer())) {
                consumer = reader;
                final List<TopicPartition> partitions = reader.partitionsFor(Topics.SIGN_UP_SOURCES.name(), Duration.ofSeconds(10))
                        .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                if (partitions.isEmpty()) {
                    Thread.sleep(1000);
                    continue;
                }
                reader.assign(partitions);
                reader.seekToBeginning(partitions);
                while (running) {
                    for (final ConsumerRecord<SignUpSourceKey, SignUpSource> record : reader.poll(Duration.ofMillis(500))) {
                        apply(record);
                    }
                    waiters.forEach(this::check);
                }
            } catch (WakeupException stopping) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Reading %s failed, reading it again: %s", Topics.SIGN_UP_SOURCES.name(), e.toString());
                byWorkspace.clear();
            }
        }
    }

    private void apply(final ConsumerRecord<SignUpSourceKey, SignUpSource> record) {
        if (record.key() == null) {
            return;
        }
        final Map<String, SignUpSource> sources =
                byWorkspace.computeIfAbsent(record.key().getWorkspaceId(), w -> new ConcurrentHashMap<>());
        if (record.value() == null) {
            sources.remove(record.key().getSourceId());
        } else {
            sources.put(record.key().getSourceId(), record.value());
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        final KafkaConsumer<SignUpSourceKey, SignUpSource> reader = consumer;
        if (reader != null) {
            reader.wakeup();
        }
        if (follower != null) {
            follower.join(Duration.ofSeconds(5));
        }
    }
}
