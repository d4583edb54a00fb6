package org.opencdp.trigger.topology;

import java.time.Duration;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.RunKey;
import org.opencdp.avro.WebhookDelivery;
import org.opencdp.avro.WebhookRetry;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.avro.WorkflowKey;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.platform.streams.NodeNames;
import org.opencdp.platform.streams.ContainedProcessor;
import org.opencdp.platform.streams.RecordDecoder;
import org.opencdp.platform.streams.RetryingDeserializer;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.LeadingStrings;

/**
 * The trigger's processing:
 * <pre>
 * workflows ──▶ workflows-source ──▶ index-workflow-definitions ──▶ [workflow-definitions] (global)
 *
 * enriched-events ──▶ enriched-events-source ──▶ erase-customer-runs ──▶ start-workflows ──▶ workflow-runs-sink ──▶ workflow-runs
 *                                                  │                         │ reads [workflow-definitions]
 *                                                  │                         │ writes [started-runs], [runs-by-workflow], [runs-by-id]
 *                                                  │                         ├──▶ index-runs-by-customer: [runs-by-customer]
 *                                                  │                         └──▶ deliver-webhooks ──┐ (wall-clock punctuation)
 *                                                  │ on customer.deleted: deletes the customer's     │
 *                                                  └ runs and deliveries, tombstones ────────────────┼──▶ webhook-deliveries-sink ──▶ webhook-deliveries
 * webhook-retries ──▶ webhook-retries-source ──▶ retry-webhook-deliveries ───────────────────────────┘
 *   deliver-webhooks, retry-webhook-deliveries and erase-customer-runs share
 *   [webhook-deliveries-by-run] and [webhook-delivery-schedule]
 *
 * erase-customer-runs ──▶ enriched-events-dlq-sink ──▶ enriched-events-dlq
 * retry-webhook-deliveries ──▶ webhook-retries-dlq-sink ──▶ webhook-retries-dlq
 * </pre>
 * Containment (docs/architecture.md, "Containment"): enriched-events and webhook-retries are read as bytes and
 * decoded by their first processor inside the shared {@link ContainedProcessor}. An event that is unreadable, or
 * whose application throws anywhere in its chain (erase-customer-runs, start-workflows, index-runs-by-customer,
 * deliver-webhooks all run while erase-customer-runs applies it, as it forwards the event on), goes to
 * enriched-events-dlq with the reason and where it was read, in the task's transaction, and the next event is
 * applied. The global workflows source cannot write in a transaction (a global processor cannot forward): an
 * unreadable definition goes to workflows-dlq through the deserialization handler, and index-workflow-definitions
 * itself cannot fail.
 * Future trigger kinds (attribute changes, lifecycle) are further sources feeding processors that emit
 * runs to the same sink and stores.
 */
public final class TriggerTopology {

    // The nodes' names, each used once in build(): the names docs/architecture.md draws.
    private static final String WORKFLOWS_SOURCE = NodeNames.source(Topics.WORKFLOWS.name());
    private static final String INDEX_DEFINITIONS = "index-workflow-definitions";
    private static final String ENRICHED_EVENTS_SOURCE = NodeNames.source(Topics.ENRICHED_EVENTS.name());
    private static final String START_WORKFLOWS = "start-workflows";
    private static final String WORKFLOW_RUNS_SINK = NodeNames.sink(Topics.WORKFLOW_RUNS.name());
    private static final String ERASE_CUSTOMER_RUNS = "erase-customer-runs";
    private static final String INDEX_RUNS_BY_CUSTOMER = "index-runs-by-customer";
    private static final String DELIVER_WEBHOOKS = "deliver-webhooks";
    private static final String WEBHOOK_RETRIES_SOURCE = NodeNames.source(Topics.WEBHOOK_RETRIES.name());
    private static final String RETRY_WEBHOOK_DELIVERIES = "retry-webhook-deliveries";
    private static final String WEBHOOK_DELIVERIES_SINK = NodeNames.sink(Topics.WEBHOOK_DELIVERIES.name());
    private static final String ENRICHED_EVENTS_DLQ_SINK = NodeNames.sink(Topics.ENRICHED_EVENTS_DLQ);
    private static final String WEBHOOK_RETRIES_DLQ_SINK = NodeNames.sink(Topics.WEBHOOK_RETRIES_DLQ);

    /** A started run id is one entry per window; the window size only has to be positive. */
    private static final Duration STARTED_RUN_WINDOW = Duration.ofMillis(1);

    /** The global thread's wait for an unreachable schema registry: as cdp.streams.transient-backoff's defaults. */
    private static final Duration GLOBAL_RETRY_FIRST = Duration.ofSeconds(1);
    private static final Duration GLOBAL_RETRY_MAX = Duration.ofSeconds(15);

    private TriggerTopology() {
    }

    private static <T> RetryingDeserializer<T> retrying(final Deserializer<T> deserializer) {
        return new RetryingDeserializer<>(deserializer, GLOBAL_RETRY_FIRST, GLOBAL_RETRY_MAX);
    }

    public static Topology build(final TriggerConfig config) {
        final Topic.Serdes<WorkflowKey, WorkflowDefinition> workflows = Topics.WORKFLOWS.serdes(config.registry());
        final Topic.Serdes<CustomerKey, WorkflowRun> runs = Topics.WORKFLOW_RUNS.serdes(config.registry());
        final Topology topology = new Topology();
        // Shared by the global thread, which keeps it current, and the stream threads, which start workflows.
        final DefinitionCache definitions = new DefinitionCache();

        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DefinitionStore.NAME),
                        Serdes.String(), workflows.value()).withLoggingDisabled(),
                // The global thread cannot be replaced: it waits out a registry outage in place.
                WORKFLOWS_SOURCE, retrying(workflows.key().deserializer()), retrying(workflows.value().deserializer()),
                Topics.WORKFLOWS.name(), INDEX_DEFINITIONS, () -> new DefinitionIndexer(definitions));

        final Topic.Serdes<RunKey, WebhookDelivery> deliveries = Topics.WEBHOOK_DELIVERIES.serdes(config.registry());
        final DeliveryBook.Opener books = new DeliveryBook.Opener(
                Topics.WEBHOOK_DELIVERIES.valueSerde(config.registry()), config.webhook().retention());

        final LeadingStrings eventHeads = new LeadingStrings(config.registry(), CustomerErasure.LEADING_FIELDS);
        topology.addSource(ENRICHED_EVENTS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                Topics.ENRICHED_EVENTS.name());
        topology.addProcessor(ERASE_CUSTOMER_RUNS, () -> new ContainedProcessor<>(
                new RecordDecoder<>(Topics.ENRICHED_EVENTS, config.registry()), Topics.ENRICHED_EVENTS.name(),
                ENRICHED_EVENTS_DLQ_SINK, EnrichedEvent::getRequestId,
                new CustomerErasure(START_WORKFLOWS, WEBHOOK_DELIVERIES_SINK, books, config.deleted(), definitions,
                        eventHeads)),
                ENRICHED_EVENTS_SOURCE);
        topology.addSink(ENRICHED_EVENTS_DLQ_SINK, Topics.ENRICHED_EVENTS_DLQ, new ByteArraySerializer(),
                new ByteArraySerializer(), ERASE_CUSTOMER_RUNS);
        topology.addProcessor(START_WORKFLOWS, () -> new WorkflowStarter(config.startedRunsRetention(),
                config.templateLimits(), definitions), ERASE_CUSTOMER_RUNS);
        topology.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(RunStores.STARTED_RUNS, config.startedRunsRetention(),
                        STARTED_RUN_WINDOW, false),
                Serdes.String(), Serdes.Long()), START_WORKFLOWS);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(RunStores.RUNS_BY_WORKFLOW), Serdes.String(), runs.value()),
                START_WORKFLOWS);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(RunStores.RUNS_BY_ID), Serdes.String(), runs.value()),
                START_WORKFLOWS);
        topology.addSink(WORKFLOW_RUNS_SINK, Topics.WORKFLOW_RUNS.name(), runs.key().serializer(),
                runs.value().serializer(), START_WORKFLOWS);
        topology.connectProcessorAndStateStores(ERASE_CUSTOMER_RUNS, RunStores.RUNS_BY_WORKFLOW, RunStores.RUNS_BY_ID);

        topology.addProcessor(INDEX_RUNS_BY_CUSTOMER, RunIndexer::new, START_WORKFLOWS);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CustomerRuns.RUNS_BY_CUSTOMER), Serdes.String(), Serdes.String()),
                INDEX_RUNS_BY_CUSTOMER, ERASE_CUSTOMER_RUNS);

        topology.addProcessor(DELIVER_WEBHOOKS, () -> new WebhookDeliverer(config.webhook(), books),
                START_WORKFLOWS);
        topology.addSource(WEBHOOK_RETRIES_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                Topics.WEBHOOK_RETRIES.name());
        topology.addProcessor(RETRY_WEBHOOK_DELIVERIES, () -> new ContainedProcessor<CustomerKey, WebhookRetry>(
                new RecordDecoder<>(Topics.WEBHOOK_RETRIES, config.registry()), Topics.WEBHOOK_RETRIES.name(),
                WEBHOOK_RETRIES_DLQ_SINK, retry -> null,
                new DeliveryRetrier(WEBHOOK_DELIVERIES_SINK, books)),
                WEBHOOK_RETRIES_SOURCE);
        topology.addSink(WEBHOOK_RETRIES_DLQ_SINK, Topics.WEBHOOK_RETRIES_DLQ, new ByteArraySerializer(),
                new ByteArraySerializer(), RETRY_WEBHOOK_DELIVERIES);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(DeliveryStores.DELIVERIES), Serdes.String(), Serdes.ByteArray()),
                DELIVER_WEBHOOKS, RETRY_WEBHOOK_DELIVERIES, ERASE_CUSTOMER_RUNS);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(DeliveryStores.SCHEDULE), Serdes.String(), Serdes.String()),
                DELIVER_WEBHOOKS, RETRY_WEBHOOK_DELIVERIES, ERASE_CUSTOMER_RUNS);
        topology.addSink(WEBHOOK_DELIVERIES_SINK, Topics.WEBHOOK_DELIVERIES.name(), deliveries.key().serializer(),
                deliveries.value().serializer(), new CustomerPartitioner(Topics.WORKFLOW_RUNS, config.registry()),
                DELIVER_WEBHOOKS, RETRY_WEBHOOK_DELIVERIES, ERASE_CUSTOMER_RUNS);
        return topology;
    }
}
