package org.opencdp.trigger.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.StartupEvent;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.RunKey;
import org.opencdp.avro.WebhookDelivery;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.SchemaRegistry;
import org.opencdp.trigger.TriggerSettings;
import org.opencdp.trigger.run.RunDto;
import org.opencdp.trigger.workflow.WorkflowCatalog;

/**
 * Delivers runs to their workflow's webhook (docs/workflows.md): a consumer group reads {@code workflow-runs};
 * each run of a workflow with a webhook is recorded PENDING on the compacted {@code webhook-deliveries} topic
 * before its offset is committed, then POSTed asynchronously with {@code Idempotency-Key: <run id>}. A failure
 * (timeout, connection, non-2xx) is retried after {@link RetryPolicy}'s back-off, on a scheduler, so a slow or
 * failing endpoint never holds up other runs; after the last attempt the run is PARKED with its last error, until
 * an admin retries it. At start every instance follows {@code webhook-deliveries} and resumes the PENDING ones:
 * delivery is at-least-once, and the idempotency key lets the receiver drop repeats.
 */
@ApplicationScoped
public class WebhookDeliveries {

    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String PARKED = "PARKED";

    private static final Logger LOG = Logger.getLogger(WebhookDeliveries.class);

    private final String bootstrapServers;
    private final SchemaRegistry registry;
    private final WorkflowCatalog catalog;
    private final ObjectMapper json;
    private final RetryPolicy policy;
    private final Duration timeout;
    private final boolean enabled;
    private final Map<RunKey, WebhookDelivery> deliveries = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("webhook-retries").daemon().factory());
    private final HttpClient http;
    private KafkaProducer<RunKey, WebhookDelivery> producer;
    private volatile boolean running = true;
    private volatile KafkaConsumer<CustomerKey, WorkflowRun> runsConsumer;
    private volatile KafkaConsumer<RunKey, WebhookDelivery> stateConsumer;

    @Inject
    public WebhookDeliveries(@ConfigProperty(name = "kafka.bootstrap.servers") final String bootstrapServers,
                             final SchemaRegistry registry, final WorkflowCatalog catalog, final ObjectMapper json,
                             final TriggerSettings settings) {
        this.bootstrapServers = bootstrapServers;
        this.registry = registry;
        this.catalog = catalog;
        this.json = json;
        this.enabled = settings.webhook().enabled();
        this.policy = new RetryPolicy(settings.webhook().maxAttempts(), settings.webhook().backoff(),
                settings.webhook().maxBackoff());
        this.timeout = settings.webhook().timeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    void start(@Observes final StartupEvent started) {
        if (!enabled) {
            return;
        }
        final var serdes = Topics.WEBHOOK_DELIVERIES.serdes(registry);
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                serdes.key().serializer(), serdes.value().serializer());
        Thread.ofPlatform().name("webhook-deliveries-follower").daemon().start(this::followStates);
        Thread.ofPlatform().name("webhook-runs-reader").daemon().start(this::readRuns);
    }

    /** The delivery of a run, if its workflow has a webhook. */
    public Optional<WebhookDelivery> of(final String workspaceId, final String runId) {
        return Optional.ofNullable(deliveries.get(new RunKey(workspaceId, runId)));
    }

    /** Tries a parked run again from its first attempt; false when it is not parked. */
    public boolean retry(final String workspaceId, final String runId) {
        final WebhookDelivery parked = deliveries.get(new RunKey(workspaceId, runId));
        if (parked == null || !PARKED.equals(parked.getState())) {
            return false;
        }
        final WebhookDelivery again = state(parked, PENDING, 0, parked.getLastError());
        record(again);
        scheduler.execute(() -> attempt(again));
        return true;
    }

    /** Reads workflow-runs; records each run with a webhook as PENDING, commits, and starts delivering it. */
    private void readRuns() {
        final var serdes = Topics.WORKFLOW_RUNS.serdes(registry);
        try (KafkaConsumer<CustomerKey, WorkflowRun> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "workflow-trigger-webhooks",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                serdes.key().deserializer(), serdes.value().deserializer())) {
            runsConsumer = consumer;
            consumer.subscribe(List.of(Topics.WORKFLOW_RUNS.name()));
            while (running) {
                for (final ConsumerRecord<CustomerKey, WorkflowRun> record : consumer.poll(Duration.ofMillis(500))) {
                    final WorkflowRun run = record.value();
                    if (run == null || deliveries.containsKey(new RunKey(run.getWorkspaceId(), run.getRunId()))) {
                        continue;
                    }
                    catalog.find(run.getWorkspaceId(), run.getWorkflowId())
                            .map(WorkflowDefinition::getWebhook)
                            .ifPresent(webhook -> {
                                final WebhookDelivery pending = new WebhookDelivery(PENDING, webhook.getUrl(), 0, null,
                                        Instant.ofEpochMilli(System.currentTimeMillis()), run);
                                recordSync(pending);
                                scheduler.execute(() -> attempt(pending));
                            });
                }
                consumer.commitSync();
            }
        } catch (WakeupException stopping) {
            LOG.debug("Webhook run reader stopped");
        } catch (RuntimeException e) {
            LOG.errorf(e, "Webhook run reader failed; deliveries stop until a restart");
        }
    }

    /** Follows webhook-deliveries from the beginning; at the first catch-up, resumes the PENDING deliveries. */
    private void followStates() {
        final var serdes = Topics.WEBHOOK_DELIVERIES.serdes(registry);
        try (KafkaConsumer<RunKey, WebhookDelivery> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                serdes.key().deserializer(), serdes.value().deserializer())) {
            stateConsumer = consumer;
            final List<TopicPartition> partitions = consumer.partitionsFor(Topics.WEBHOOK_DELIVERIES.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            boolean resumed = false;
            while (running) {
                for (final ConsumerRecord<RunKey, WebhookDelivery> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() == null) {
                        deliveries.remove(record.key());
                    } else {
                        deliveries.merge(record.key(), record.value(),
                                (known, read) -> read.getUpdatedAt().isBefore(known.getUpdatedAt()) ? known : read);
                    }
                }
                if (!resumed && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                    resumed = true;
                    deliveries.values().stream().filter(d -> PENDING.equals(d.getState()))
                            .forEach(pending -> scheduler.execute(() -> attempt(pending)));
                }
            }
        } catch (WakeupException stopping) {
            LOG.debug("Webhook delivery follower stopped");
        } catch (RuntimeException e) {
            LOG.errorf(e, "Following %s failed", Topics.WEBHOOK_DELIVERIES.name());
        }
    }

    /** One POST of the run; on failure the next attempt is scheduled, or the run parked. Never blocks a thread. */
    private void attempt(final WebhookDelivery delivery) {
        final WorkflowRun run = delivery.getRun();
        final HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(delivery.getUrl())).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", run.getRunId())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(RunDto.of(run))))
                    .build();
        } catch (Exception e) {
            record(state(delivery, PARKED, delivery.getAttempts() + 1, "cannot build the request: " + e.getMessage()));
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            final int attempts = delivery.getAttempts() + 1;
            if (failure == null && response.statusCode() / 100 == 2) {
                record(state(delivery, DELIVERED, attempts, null));
                return;
            }
            final String error = failure != null ? failure.getClass().getSimpleName() + ": " + failure.getMessage()
                    : "HTTP " + response.statusCode();
            final Optional<Duration> delay = policy.nextDelay(attempts, ThreadLocalRandom.current()::nextDouble);
            if (delay.isEmpty()) {
                LOG.infof("Run %s parked after %d attempts: %s", run.getRunId(), attempts, error);
                record(state(delivery, PARKED, attempts, error));
                return;
            }
            final WebhookDelivery failed = state(delivery, PENDING, attempts, error);
            record(failed);
            scheduler.schedule(() -> attempt(failed), delay.get().toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    private static WebhookDelivery state(final WebhookDelivery delivery, final String state, final int attempts,
                                         final String error) {
        return new WebhookDelivery(state, delivery.getUrl(), attempts, error,
                Instant.ofEpochMilli(System.currentTimeMillis()), delivery.getRun());
    }

    private void record(final WebhookDelivery delivery) {
        final RunKey key = new RunKey(delivery.getRun().getWorkspaceId(), delivery.getRun().getRunId());
        deliveries.put(key, delivery);
        producer.send(new ProducerRecord<>(Topics.WEBHOOK_DELIVERIES.name(), key, delivery), (metadata, failure) -> {
            if (failure != null) {
                LOG.warnf("Could not record the delivery state of run %s: %s", key.getRunId(), failure.toString());
            }
        });
    }

    private void recordSync(final WebhookDelivery delivery) {
        final RunKey key = new RunKey(delivery.getRun().getWorkspaceId(), delivery.getRun().getRunId());
        deliveries.put(key, delivery);
        try {
            producer.send(new ProducerRecord<>(Topics.WEBHOOK_DELIVERIES.name(), key, delivery)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not record run " + key.getRunId() + " as pending", e);
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        Optional.ofNullable(runsConsumer).ifPresent(KafkaConsumer::wakeup);
        Optional.ofNullable(stateConsumer).ifPresent(KafkaConsumer::wakeup);
        scheduler.shutdownNow();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        http.close();
    }
}
