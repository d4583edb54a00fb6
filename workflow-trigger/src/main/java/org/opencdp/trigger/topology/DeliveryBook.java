package org.opencdp.trigger.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.opencdp.platform.streams.StoreWrites;
import org.opencdp.avro.RunKey;
import org.opencdp.avro.WebhookDelivery;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.AvroSerde;

/**
 * One task's deliveries: {@link DeliveryStores#DELIVERIES} and the {@link DeliveryStores#SCHEDULE} entry that
 * belongs to each, kept in step. Every delivery has exactly one schedule entry: its next attempt while PENDING,
 * the end of its retention once DELIVERED or PARKED. Used by every processor that changes a delivery.
 */
public final class DeliveryBook {

    private final KeyValueStore<String, byte[]> deliveries;
    private final KeyValueStore<String, String> schedule;
    private final AvroSerde<WebhookDelivery> serde;
    private final long retentionMs;

    public DeliveryBook(final ProcessorContext<?, ?> context, final AvroSerde<WebhookDelivery> serde,
                 final Duration retention) {
        this.deliveries = context.getStateStore(DeliveryStores.DELIVERIES);
        this.schedule = context.getStateStore(DeliveryStores.SCHEDULE);
        this.serde = serde;
        this.retentionMs = retention.toMillis();
    }

    /** How this topology's processors open their task's book: the deliveries' serde and retention. */
    public record Opener(AvroSerde<WebhookDelivery> serde, Duration retention) {

        public DeliveryBook open(final ProcessorContext<?, ?> context) {
            return new DeliveryBook(context, serde, retention);
        }
    }

    public static String keyOf(final WorkflowRun run) {
        return DeliveryStores.deliveryKey(run.getWorkspaceId(), run.getRunId());
    }

    /** The key of the delivery on the webhook-deliveries topic. */
    public static RunKey topicKey(final WorkflowRun run) {
        return new RunKey(run.getWorkspaceId(), run.getRunId(), run.getCustomerId());
    }

    /**
     * The delivery stored under {@code key}.
     *
     * @throws org.apache.kafka.common.errors.SerializationException when the stored bytes cannot be read
     */
    public Optional<WebhookDelivery> get(final String key) {
        return Optional.ofNullable(deliveries.get(key)).map(bytes -> serde.deserialize(Topics.WEBHOOK_DELIVERIES.name(), bytes));
    }

    /** Whether a delivery, readable or not, is stored under {@code key}. */
    public boolean contains(final String key) {
        return deliveries.get(key) != null;
    }

    /** Stores {@code delivery}'s new state; {@code previous} is its state until now (its schedule entry goes). */
    void put(final Optional<WebhookDelivery> previous, final WebhookDelivery delivery) {
        final String key = keyOf(delivery.getRun());
        previous.ifPresent(old -> StoreWrites.remove(schedule, DeliveryStores.scheduleKey(dueAt(old), key)));
        deliveries.put(key, serde.serialize(Topics.WEBHOOK_DELIVERIES.name(), delivery));
        schedule.put(DeliveryStores.scheduleKey(dueAt(delivery), key), key);
    }

    /** Forgets the delivery under {@code key} ({@code known}: its state, if it could be read). */
    public void remove(final String key, final Optional<WebhookDelivery> known) {
        known.ifPresent(old -> StoreWrites.remove(schedule, DeliveryStores.scheduleKey(dueAt(old), key)));
        StoreWrites.remove(deliveries, key);
    }

    /** Forgets one schedule entry (done, stale, or pointing at a delivery that is gone). */
    void unschedule(final String scheduleKey) {
        StoreWrites.remove(schedule, scheduleKey);
    }

    /** Schedules {@code delivery} again where it belongs (after its entry turned out stale, e.g. a new retention). */
    void reschedule(final WebhookDelivery delivery) {
        final String key = keyOf(delivery.getRun());
        schedule.put(DeliveryStores.scheduleKey(dueAt(delivery), key), key);
    }

    /** When {@code delivery}'s schedule entry is due. */
    long dueAt(final WebhookDelivery delivery) {
        if (WebhookDeliveries.PENDING.equals(delivery.getState())) {
            return delivery.getNextAttemptAt() != null ? delivery.getNextAttemptAt().toEpochMilli()
                    : delivery.getUpdatedAt().toEpochMilli();
        }
        final long finished = delivery.getUpdatedAt().toEpochMilli();
        return finished > Long.MAX_VALUE - retentionMs ? Long.MAX_VALUE : finished + retentionMs;
    }

    /** At most {@code max} schedule entries due at or before {@code now}, earliest first. */
    List<String> due(final long now, final int max) {
        final List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = schedule.range("", DeliveryStores.dueBy(now))) {
            while (due.size() < max && it.hasNext()) {
                due.add(it.next().key);
            }
        }
        return due;
    }

    /** When the earliest schedule entry is due; Long.MAX_VALUE when there is none. */
    long nextDue() {
        try (KeyValueIterator<String, String> it = schedule.all()) {
            return it.hasNext() ? DeliveryStores.scheduledAt(it.next().key) : Long.MAX_VALUE;
        }
    }
}
