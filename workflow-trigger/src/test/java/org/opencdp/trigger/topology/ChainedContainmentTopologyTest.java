package org.opencdp.trigger.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.trigger.Fixtures.EVENT_TIME;
import static org.opencdp.trigger.Fixtures.event;
import static org.opencdp.trigger.Fixtures.workflow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.RunKey;
import org.opencdp.avro.Webhook;
import org.opencdp.avro.WebhookDelivery;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.avro.WorkflowKey;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.platform.streams.LastResortProcessingHandler;
import org.opencdp.platform.streams.LastResortProductionHandler;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.Topics;
import org.opencdp.embedded.StreamsTestDriver;
import org.opencdp.platform.streams.StoreKey;
import org.opencdp.trigger.run.RunIds;
import org.opencdp.trigger.Fixtures;

/**
 * Issue 12: a failure deep in the enriched-events chain (erase-customer-runs, start-workflows, then
 * index-runs-by-customer and deliver-webhooks, which run inside erase-customer-runs' containment as it forwards)
 * sends the event to enriched-events-dlq with the cdp.dlq.* headers, the task goes on, and the next event is
 * applied.
 * <p>
 * deliver-webhooks fails through the topology's own seam: the registry of {@link TriggerConfig} refuses the
 * delivery's schema, so recording the PENDING delivery throws. index-runs-by-customer ({@code RunIndexer}) has
 * no such seam and no input that fails it: it writes three URL-encoded ids and a workflow id to a String store,
 * from a run start-workflows built in memory. Its failure is covered by the same containment, not by a test here.
 */
class ChainedContainmentTopologyTest {

    @TempDir
    Path stateDir;

    private final RefusingRegistry registry = new RefusingRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<WorkflowKey, WorkflowDefinition> workflows;
    private TestInputTopic<CustomerKey, EnrichedEvent> events;
    private TestOutputTopic<CustomerKey, WorkflowRun> runs;
    private TestOutputTopic<RunKey, WebhookDelivery> deliveries;
    private TestOutputTopic<byte[], byte[]> eventDeadLetters;

    @BeforeEach
    void startDriver() {
        final Properties props = StreamsTestDriver.properties("chained-containment-test", stateDir);
        // As the service is configured: the last line of defence behind the containment.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LastResortProcessingHandler.class);
        props.put(StreamsConfig.DEFAULT_PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, LastResortProductionHandler.class);
        driver = new TopologyTestDriver(TriggerTopology.build(new TriggerConfig(registry, Duration.ofDays(7))), props);
        final Topic.Serdes<WorkflowKey, WorkflowDefinition> w = Topics.WORKFLOWS.serdes(registry);
        final Topic.Serdes<CustomerKey, EnrichedEvent> e = Topics.ENRICHED_EVENTS.serdes(registry);
        final Topic.Serdes<CustomerKey, WorkflowRun> r = Topics.WORKFLOW_RUNS.serdes(registry);
        final Topic.Serdes<RunKey, WebhookDelivery> d = Topics.WEBHOOK_DELIVERIES.serdes(registry);
        workflows = driver.createInputTopic(Topics.WORKFLOWS.name(), w.key().serializer(), w.value().serializer());
        events = driver.createInputTopic(Topics.ENRICHED_EVENTS.name(), e.key().serializer(), e.value().serializer());
        runs = driver.createOutputTopic(Topics.WORKFLOW_RUNS.name(), r.key().deserializer(), r.value().deserializer());
        deliveries = driver.createOutputTopic(Topics.WEBHOOK_DELIVERIES.name(), d.key().deserializer(),
                d.value().deserializer());
        eventDeadLetters = StreamsTestDriver.deadLetters(driver, Topics.ENRICHED_EVENTS_DLQ);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldDeadLetterAnEventWhoseWebhookDeliveryThrowsAndApplyTheNextEvent() {
        // Given a workflow with a webhook, and a registry that refuses the delivery's schema (409: an incompatible
        // version under the subject), so that deliver-webhooks throws recording the run's PENDING delivery
        defineHookedWorkflowWithRefusedDelivery();

        // When an event arrives
        final EnrichedEvent poisoned = event("demo", "req-1:0", "signup", Map.of());
        pipe(poisoned);

        // Then the event went to enriched-events-dlq with every cdp.dlq.* header (the task did not fail: the
        // driver would have thrown), and no delivery went out
        DeadLetterRecords.assertRefusedFirstEvent(eventDeadLetters.readRecordsToList(), poisoned.getRequestId());
        assertThat(deliveries.isEmpty()).isTrue();

        // When the registry accepts the schema again and the next event arrives
        registry.accept();
        runs.readValuesToList(); // the run the first event started stays (docs/architecture.md, "Partial effects")
        pipe(event("demo", "req-2:0", "signup", Map.of()));

        // Then its run starts and its delivery is recorded PENDING, and nothing more is dead-lettered
        assertThat(runs.readValuesToList()).extracting(WorkflowRun::getRunId)
                .containsExactly(RunIds.of("req-2:0", "wf-hook"));
        assertThat(deliveries.readValuesToList()).singleElement().satisfies(delivery -> {
            assertThat(delivery.getRun().getRunId()).isEqualTo(RunIds.of("req-2:0", "wf-hook"));
            assertThat(delivery.getState()).isEqualTo(WebhookDeliveries.PENDING);
        });
        assertThat(eventDeadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldIndexTheNextEventsRunByCustomerAfterADeadLetteredEvent() {
        // Given a workflow with a webhook whose delivery fails for the first event (as above)
        defineHookedWorkflowWithRefusedDelivery();
        pipe(event("demo", "req-1:0", "signup", Map.of()));
        assertThat(eventDeadLetters.readRecordsToList()).hasSize(1);

        // When the next event arrives
        registry.accept();
        pipe(event("demo", "req-2:0", "signup", Map.of()));

        // Then index-runs-by-customer, downstream of the same chain, indexed its run
        final KeyValueStore<String, String> byCustomer = driver.getKeyValueStore(CustomerRuns.RUNS_BY_CUSTOMER);
        assertThat(byCustomer.get(StoreKey.of("demo", "c-1", RunIds.of("req-2:0", "wf-hook")))).isEqualTo("wf-hook");
    }

    /** Workflow wf-hook of demo, on signup, with a webhook; the registry refuses the delivery's schema. */
    private void defineHookedWorkflowWithRefusedDelivery() {
        final WorkflowDefinition hooked = workflow("demo", "wf-hook", "signup", true);
        hooked.setWebhook(new Webhook("https://hooks.example.com/signup"));
        workflows.pipeInput(new WorkflowKey("demo", "wf-hook"), hooked, Fixtures.CREATED);
        registry.refuse(WebhookDelivery.getClassSchema());
    }

    private void pipe(final EnrichedEvent event) {
        events.pipeInput(new CustomerKey(event.getWorkspaceId(), event.getCustomerId()), event, EVENT_TIME);
    }
}
