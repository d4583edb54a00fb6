package org.opencdp.trigger.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.trigger.Fixtures.attribute;
import static org.opencdp.trigger.Fixtures.event;
import static org.opencdp.trigger.Fixtures.profile;
import static org.opencdp.trigger.Fixtures.workflow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.StringValue;
import org.opencdp.avro.Webhook;
import org.opencdp.avro.WebhookDelivery;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.RecordSize;
import org.opencdp.trigger.run.RunIds;
import org.opencdp.trigger.run.WorkflowRuns;

/**
 * Issue 12, "Bounded records": an enriched event produced straight to its topic, as large as Kafka takes (a profile
 * and data of nearly 1 MiB together), would make a run (its context is the profile with the data laid over it)
 * larger than a record, and under exactly-once its changelog send would fail the transaction at every restart. The
 * run is recorded failed too_large with an empty context instead, nothing the trigger writes exceeds
 * {@link Topics#MAX_RUN_BYTES}, and the next event starts its run.
 */
class BoundedRunsTopologyTest {

    private static final String WEBHOOK = "https://hooks.example.com/signup";

    @RegisterExtension
    final TriggerDriver trigger = new TriggerDriver();

    @BeforeEach
    void startDriver(@TempDir final Path stateDir) {
        trigger.startAsConfigured("bounded-runs-test", stateDir);
    }

    @Test
    void shouldRecordARunTooLargeForARecordAsFailedAndStartTheNextEventsRun() {
        // Given a workflow with a webhook and a template, and one without either, on signup
        final WorkflowDefinition hooked = workflow("demo", "wf-hook", "signup", true);
        hooked.setWebhook(new Webhook(WEBHOOK, null));
        hooked.setTemplate("Welcome on {plan}");
        trigger.define(hooked);
        trigger.define(workflow("demo", "wf-plain", "signup", true));

        // When a signup arrives whose profile and data encode to nearly 1 MiB (inside Kafka's record limit)
        final EnrichedEvent huge = hugeEvent("req-1:0");
        assertThat(RecordSize.of(huge)).isBetween(Topics.MAX_RECORD_BYTES - 64L * 1024, (long) Topics.MAX_RECORD_BYTES);
        trigger.pipe(huge);
        // and then an ordinary one
        trigger.pipe(event("demo", "req-2:0", "signup", Map.of("plan", "trial")));

        // Then every record the trigger wrote (runs, its stores' changelogs, deliveries, indexes) is within the bound
        final Map<String, List<TestRecord<byte[], byte[]>>> written = new HashMap<>();
        for (final String topic : trigger.driver().producedTopicNames()) {
            written.put(topic, trigger.driver().createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                    .readRecordsToList());
        }
        assertThat(written).containsKeys(Topics.WORKFLOW_RUNS.name(), Topics.WEBHOOK_DELIVERIES.name());
        assertThat(written.keySet()).anyMatch(topic -> topic.endsWith(RunStores.RUNS_BY_WORKFLOW + "-changelog"));
        written.forEach((topic, records) -> assertThat(records).allSatisfy(record -> assertThat(
                (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length))
                .as("a record on %s", topic).isLessThanOrEqualTo(Topics.MAX_RUN_BYTES)));
        // and nothing was dead-lettered: the event was applied
        assertThat(written.getOrDefault(Topics.ENRICHED_EVENTS_DLQ, List.of())).isEmpty();

        // and the huge event's runs are recorded failed too_large, with an empty context and no message, on
        // workflow-runs and in the store
        final List<WorkflowRun> runs = decode(Topics.WORKFLOW_RUNS.valueSerde(trigger.registry())::deserialize,
                Topics.WORKFLOW_RUNS.name(), written.get(Topics.WORKFLOW_RUNS.name()));
        final List<WorkflowRun> hugeRuns = runs.stream().filter(r -> r.getEventId().equals("req-1:0")).toList();
        assertThat(hugeRuns).extracting(WorkflowRun::getWorkflowId).containsExactly("wf-hook", "wf-plain");
        assertThat(hugeRuns).allSatisfy(run -> {
            assertThat(run.getStatus()).isEqualTo(WorkflowRuns.FAILED);
            assertThat(run.getFailureReason()).startsWith("too_large: run of ")
                    .contains("exceeds the run bound of " + Topics.MAX_RUN_BYTES + " bytes");
            assertThat(run.getContext()).isEmpty();
            assertThat(run.getMessage()).isNull();
        });
        final KeyValueStore<String, WorkflowRun> byWorkflow = trigger.driver().getKeyValueStore(RunStores.RUNS_BY_WORKFLOW);
        final WorkflowRun stored = byWorkflow.get(RunStores.runKey("demo", "wf-hook", "c-1", RunIds.of("req-1:0", "wf-hook")));
        assertThat(stored.getStatus()).isEqualTo(WorkflowRuns.FAILED);
        assertThat(stored.getFailureReason()).startsWith("too_large: ");

        // and the ordinary event's runs started, and only its run of the hooked workflow is to be delivered
        assertThat(runs.stream().filter(r -> r.getEventId().equals("req-2:0")).toList()).allSatisfy(run ->
                assertThat(run.getStatus()).isEqualTo(WorkflowRuns.STARTED)).hasSize(2);
        final List<WebhookDelivery> deliveries = decode(
                Topics.WEBHOOK_DELIVERIES.valueSerde(trigger.registry())::deserialize,
                Topics.WEBHOOK_DELIVERIES.name(), written.get(Topics.WEBHOOK_DELIVERIES.name()));
        assertThat(deliveries).singleElement().satisfies(delivery -> {
            assertThat(delivery.getRun().getRunId()).isEqualTo(RunIds.of("req-2:0", "wf-hook"));
            assertThat(delivery.getRun().getMessage()).isEqualTo("Welcome on trial");
            assertThat(delivery.getState()).isEqualTo(WebhookDeliveries.PENDING);
        });
    }

    @Test
    void shouldDeliverARunJustUnderTheBound() {
        // Given a workflow with a webhook
        final WorkflowDefinition hooked = workflow("demo", "wf-hook", "signup", true);
        hooked.setWebhook(new Webhook(WEBHOOK, null));
        trigger.define(hooked);

        // When a signup arrives whose data make a run of about 7/8 of the bound (an event the projector may emit)
        final Map<String, Object> data = new HashMap<>();
        final String value = "x".repeat(1000);
        for (int i = 0; i < Topics.MAX_RUN_BYTES / 8 * 7 / 1010; i++) {
            data.put("d" + i, value);
        }
        trigger.pipe(event("demo", "req-1:0", "signup", data));

        // Then its run started as usual, and its delivery is recorded, within a record
        final WorkflowRun run = trigger.output(Topics.WORKFLOW_RUNS).readValue();
        assertThat(run.getStatus()).isEqualTo(WorkflowRuns.STARTED);
        assertThat(run.getContext()).hasSize(data.size() + 2);
        final List<TestRecord<byte[], byte[]>> deliveries = trigger.driver().createOutputTopic(Topics.WEBHOOK_DELIVERIES.name(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
        assertThat(deliveries).singleElement().satisfies(delivery ->
                assertThat(delivery.value().length).isLessThanOrEqualTo(Topics.MAX_RUN_BYTES));
    }

    /** A signup of c-1 whose profile (about 560 KB) and data (about 440 KB) together nearly fill a record. */
    private static EnrichedEvent hugeEvent(final String eventId) {
        final String value = "\u00e9".repeat(1000); // 2,000 bytes in UTF-8
        final Map<String, Attribute> attributes = new HashMap<>();
        attributes.put("plan", attribute(new StringValue("pro")));
        for (int i = 0; i < 280; i++) {
            attributes.put("p" + i, attribute(new StringValue(value)));
        }
        final Map<String, Object> data = new HashMap<>();
        for (int i = 0; i < 220; i++) {
            data.put("d" + i, value);
        }
        return EnrichedEvent.newBuilder(event("demo", eventId, "signup", Map.of()))
                .setData(data)
                .setProfile(profile("demo", "c-1", attributes))
                .build();
    }

    @FunctionalInterface
    private interface Decoder<V> {
        V decode(String topic, byte[] bytes);
    }

    private static <V> List<V> decode(final Decoder<V> decoder, final String topic,
                                      final List<TestRecord<byte[], byte[]>> records) {
        final List<V> values = new ArrayList<>();
        for (final TestRecord<byte[], byte[]> record : records) {
            values.add(decoder.decode(topic, record.value()));
        }
        return values;
    }
}
