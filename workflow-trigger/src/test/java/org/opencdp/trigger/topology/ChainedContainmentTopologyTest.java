package org.opencdp.trigger.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.trigger.Fixtures.event;
import static org.opencdp.trigger.Fixtures.workflow;

import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.RunKey;
import org.opencdp.avro.Webhook;
import org.opencdp.avro.WebhookDelivery;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.schemas.Topics;
import org.opencdp.platform.streams.StoreKey;
import org.opencdp.trigger.run.RunIds;

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

    @RegisterExtension
    final TriggerDriver trigger = new TriggerDriver();
    private TestOutputTopic<CustomerKey, WorkflowRun> runs;
    private TestOutputTopic<RunKey, WebhookDelivery> deliveries;
    private TestOutputTopic<byte[], byte[]> eventDeadLetters;

    @BeforeEach
    void startDriver(@TempDir final Path stateDir) {
        trigger.startAsConfigured("chained-containment-test", stateDir);
        runs = trigger.output(Topics.WORKFLOW_RUNS);
        deliveries = trigger.output(Topics.WEBHOOK_DELIVERIES);
        eventDeadLetters = trigger.deadLetters(Topics.ENRICHED_EVENTS_DLQ);
    }

    @Test
    void shouldDeadLetterAnEventWhoseWebhookDeliveryThrowsAndApplyTheNextEvent() {
        // Given a workflow with a webhook, and a registry that refuses the delivery's schema (409: an incompatible
        // version under the subject), so that deliver-webhooks throws recording the run's PENDING delivery
        defineHookedWorkflowWithRefusedDelivery();

        // When an event arrives
        final EnrichedEvent poisoned = event("demo", "req-1:0", "signup", Map.of());
        trigger.pipe(poisoned);

        // Then the event went to enriched-events-dlq with every cdp.dlq.* header (the task did not fail: the
        // driver would have thrown), and no delivery went out
        DeadLetterRecords.assertRefusedFirstEvent(eventDeadLetters.readRecordsToList(), poisoned.getRequestId());
        assertThat(deliveries.isEmpty()).isTrue();

        // When the registry accepts the schema again and the next event arrives
        trigger.registry().accept();
        runs.readValuesToList(); // the run the first event started stays (docs/architecture.md, "Partial effects")
        trigger.pipe(event("demo", "req-2:0", "signup", Map.of()));

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
        trigger.pipe(event("demo", "req-1:0", "signup", Map.of()));
        assertThat(eventDeadLetters.readRecordsToList()).hasSize(1);

        // When the next event arrives
        trigger.registry().accept();
        trigger.pipe(event("demo", "req-2:0", "signup", Map.of()));

        // Then index-runs-by-customer, downstream of the same chain, indexed its run
        final KeyValueStore<String, String> byCustomer = trigger.driver().getKeyValueStore(CustomerRuns.RUNS_BY_CUSTOMER);
        assertThat(byCustomer.get(StoreKey.of("demo", "c-1", RunIds.of("req-2:0", "wf-hook")))).isEqualTo("wf-hook");
    }

    /** Workflow wf-hook of demo, on signup, with a webhook; the registry refuses the delivery's schema. */
    private void defineHookedWorkflowWithRefusedDelivery() {
        final WorkflowDefinition hooked = workflow("demo", "wf-hook", "signup", true);
        hooked.setWebhook(new Webhook("https://hooks.example.com/signup", null));
        trigger.define(hooked);
        trigger.registry().refuse(WebhookDelivery.getClassSchema());
    }
}
