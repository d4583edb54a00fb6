package org.opencdp.trigger.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.WebhookDelivery;
import org.opencdp.avro.WebhookRetry;
import org.opencdp.platform.kafka.KafkaClients;
import org.opencdp.platform.query.InstanceAddress;
import org.opencdp.platform.query.LocalStores;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.AvroSerde;
import org.opencdp.schemas.serde.SchemaRegistry;

/**
 * The API's side of webhook delivery (docs/workflows.md): reads a run's delivery from this instance's
 * {@link DeliveryStores#DELIVERIES} (a delivery lives on its run's partition, so the instance that has the run has
 * its delivery), and records an administrator's retry on {@code webhook-retries}, for the task that owns the
 * delivery to apply ({@link DeliveryRetrier}). Delivering itself is {@link WebhookDeliverer}'s, in Kafka Streams.
 */
@ApplicationScoped
public class WebhookDeliveries {

    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String PARKED = "PARKED";

    private final LocalStores stores;
    private final AvroSerde<WebhookDelivery> serde;
    private final CustomerPartitioner partitioner;
    private final Producer<CustomerKey, WebhookRetry> producer;
    private final Duration publishTimeout;
    private final HostInfo self;

    @Inject
    public WebhookDeliveries(final KafkaStreams streams, final SchemaRegistry registry, final TriggerSettings settings,
                             final KafkaClients clients, final InstanceAddress self) {
        this.stores = new LocalStores(streams);
        this.serde = Topics.WEBHOOK_DELIVERIES.valueSerde(registry);
        // Retries go where the customer's enriched events go: the task reading that partition owns the delivery.
        this.partitioner = new CustomerPartitioner(Topics.ENRICHED_EVENTS, registry);
        this.publishTimeout = settings.publishTimeout();
        this.self = self.host();
        this.producer = clients.producer(Topics.WEBHOOK_RETRIES, registry, "workflow-trigger-webhook-retries",
                publishTimeout);
    }

    /** The delivery of a run, if its workflow has a webhook and its partition is active on this instance. */
    public Optional<WebhookDelivery> of(final String workspaceId, final String runId) {
        final String key = DeliveryStores.deliveryKey(workspaceId, runId);
        return stores.partitionsOn(DeliveryStores.DELIVERIES, self).stream()
                .map(partition -> active(partition).get(key))
                .filter(bytes -> bytes != null)
                .map(bytes -> serde.deserialize(Topics.WEBHOOK_DELIVERIES.name(), bytes))
                .findFirst();
    }

    /**
     * Records an administrator's retry of the run's parked delivery; the task owning it makes it PENDING from its
     * first attempt. The caller has checked that it is parked (a retry of one that is not changes nothing).
     *
     * @throws TemporarilyUnavailable when Kafka does not acknowledge it within the publish timeout
     */
    public void retry(final String workspaceId, final String customerId, final String runId) {
        final CustomerKey customer = new CustomerKey(workspaceId, customerId);
        final int partitions = producer.partitionsFor(Topics.WEBHOOK_RETRIES.name()).size();
        final WebhookRetry retry = new WebhookRetry(workspaceId, runId, Instant.now());
        try {
            producer.send(new ProducerRecord<>(Topics.WEBHOOK_RETRIES.name(),
                            partitioner.partitionOf(customer, partitions), customer, retry))
                    .get(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TemporarilyUnavailable("Interrupted while recording the retry of run " + runId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new TemporarilyUnavailable("Kafka did not acknowledge the retry of run " + runId + "; retry", e);
        }
    }

    private ReadOnlyKeyValueStore<String, byte[]> active(final int partition) {
        try {
            return stores.active(DeliveryStores.DELIVERIES, partition);
        } catch (InvalidStateStoreException e) {
            throw new TemporarilyUnavailable("Webhook deliveries are being moved between instances; retry", e);
        }
    }

    @PreDestroy
    void stop() {
        producer.close(Duration.ofSeconds(5));
    }
}
