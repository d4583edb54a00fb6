package org.opencdp.trigger.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.trigger.Fixtures.EVENT_TIME;
import static org.opencdp.trigger.Fixtures.event;
import static org.opencdp.trigger.Fixtures.workflow;
import static org.opencdp.trigger.topology.DeadLetterRecords.header;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.FilterCondition;
import org.opencdp.avro.NumberValue;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.avro.WorkflowKey;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.embedded.StreamsTestDriver;
import org.opencdp.platform.streams.LastResortProcessingHandler;
import org.opencdp.platform.streams.StoreKey;
import org.opencdp.schemas.Topics;
import org.opencdp.trigger.run.RunIds;
import org.opencdp.trigger.Fixtures;
import org.opencdp.platform.streams.StoreKey;

class TriggerTopologyTest {

    private static final Pattern KEBAB_CASE = Pattern.compile("[a-z]+(-[a-z]+)*");

    @RegisterExtension
    final TriggerDriver trigger = new TriggerDriver();
    private TestOutputTopic<CustomerKey, WorkflowRun> runs;
    private TestOutputTopic<byte[], byte[]> eventDeadLetters;

    @BeforeEach
    void startDriver(@TempDir final Path stateDir) {
        // As the service is configured: the last line of defence behind the containment.
        trigger.start(
                StreamsTestDriver.properties("workflow-trigger-test", stateDir, LastResortProcessingHandler.class));
        runs = trigger.output(Topics.WORKFLOW_RUNS);
        eventDeadLetters = trigger.deadLetters(Topics.ENRICHED_EVENTS_DLQ);
    }

    @Test
    void shouldStartOneRunPerMatchingWorkflow() {
        // Given two matching workflows and three that must not start
        trigger.define(workflow("demo", "wf-a", "signup", true));
        trigger.define(workflow("demo", "wf-b", "signup", true));
        trigger.define(workflow("demo", "wf-c", "purchase", true));
        trigger.define(workflow("demo", "wf-d", "signup", false));
        trigger.define(workflow("other", "wf-e", "signup", true));

        // When a signup event of demo's customer c-1 arrives
        trigger.pipe(event("demo", "req-1:0", "signup", Map.of("plan", "trial")));

        // Then one run per matching workflow is written, keyed by the customer
        final List<KeyValue<CustomerKey, WorkflowRun>> started = runs.readKeyValuesToList();
        assertThat(started).extracting(kv -> kv.value.getWorkflowId()).containsExactly("wf-a", "wf-b");
        assertThat(started).extracting(kv -> kv.key).containsOnly(new CustomerKey("demo", "c-1"));
        assertThat(started).extracting(kv -> kv.value.getRunId())
                .containsExactly(RunIds.of("req-1:0", "wf-a"), RunIds.of("req-1:0", "wf-b"));
        assertThat(started.getFirst().value.getContext()).isEqualTo(Map.of("plan", "trial", "age", 41L));
    }

    @Test
    void shouldStartOnlyTheWorkflowsWhoseFilterTheProfileMeets() {
        // Given the profile has plan=pro and age=41: one filter it meets, two it does not
        final WorkflowDefinition adults = workflow("demo", "wf-a", "signup", true);
        adults.setFilter(List.of(new FilterCondition("age", "gte", "18"), new FilterCondition("plan", "eq", "pro")));
        final WorkflowDefinition free = workflow("demo", "wf-b", "signup", true);
        free.setFilter(List.of(new FilterCondition("plan", "eq", "free")));
        final WorkflowDefinition withCoupon = workflow("demo", "wf-c", "signup", true);
        withCoupon.setFilter(List.of(new FilterCondition("coupon", "exists", null)));
        trigger.define(adults);
        trigger.define(free);
        trigger.define(withCoupon);

        // When
        trigger.pipe(event("demo", "req-1:0", "signup", Map.of("coupon", "WELCOME")));

        // Then (the filter reads the profile, not the event's data)
        assertThat(runs.readValuesToList()).extracting(WorkflowRun::getWorkflowId).containsExactly("wf-a");
    }

    @Test
    void shouldRenderTheTemplateWithTheProfileAndTheEventDataOntoTheRun() {
        // Given
        final WorkflowDefinition welcome = workflow("demo", "wf-a", "signup", true);
        welcome.setTemplate("Hello {first_name}, your {plan} plan starts with {coupon}.{missing}");
        trigger.define(welcome);

        // When
        trigger.pipe(event("demo", "req-1:0", "signup", Map.of("first_name", "Ada", "coupon", "WELCOME10")));

        // Then
        assertThat(runs.readValuesToList()).extracting(WorkflowRun::getMessage)
                .containsExactly("Hello Ada, your pro plan starts with WELCOME10.");
    }

    @Test
    void shouldRecordAFailedRunForAStoredUnsafeTemplateAndGoOn() {
        // Given, produced straight to the workflows topic (no HTTP validation), a workflow whose template loops over
        // a name that is not a list, one whose filter reads a number no BigDecimal holds, and a sound workflow
        final WorkflowDefinition unsafe = workflow("demo", "wf-a", "signup", true);
        unsafe.setTemplate("{#for x in nosuch}{x}{/for}");
        final WorkflowDefinition hostileFilter = workflow("demo", "wf-b", "signup", true);
        hostileFilter.setFilter(List.of(new FilterCondition("age", "gt", "1e9999999999")));
        final WorkflowDefinition sound = workflow("demo", "wf-c", "signup", true);
        sound.setTemplate("Hello {plan}");
        trigger.define(unsafe);
        trigger.define(hostileFilter);
        trigger.define(sound);

        // When a matching event arrives, then the next one
        trigger.pipe(event("demo", "req-1:0", "signup", Map.of("nosuch", 1_000_000_000L)));
        trigger.pipe(event("demo", "req-2:0", "signup", Map.of()));

        // Then the unsafe template's runs are recorded failed with the reason, the sound workflow runs for both
        // events, and the filter that cannot be read holds for neither
        final List<WorkflowRun> started = runs.readValuesToList();
        assertThat(started).extracting(WorkflowRun::getRunId).containsExactly(
                RunIds.of("req-1:0", "wf-a"), RunIds.of("req-1:0", "wf-c"),
                RunIds.of("req-2:0", "wf-a"), RunIds.of("req-2:0", "wf-c"));
        assertThat(started.getFirst().getStatus()).isEqualTo("failed");
        assertThat(started.getFirst().getFailureReason()).contains("{#for}");
        assertThat(started.getFirst().getMessage()).isNull();
        assertThat(started.get(1).getStatus()).isEqualTo("started");
        assertThat(started.get(1).getMessage()).isEqualTo("Hello pro");
        // and the failed run is queryable like any run
        assertThat(trigger.driver().<String, WorkflowRun>getKeyValueStore(RunStores.RUNS_BY_ID)
                .get(RunStores.runIdKey("demo", RunIds.of("req-1:0", "wf-a"))).getStatus()).isEqualTo("failed");
    }

    @Test
    void shouldRecordAFailedRunWhenBuildingTheRunThrowsAndStartTheOtherWorkflows() {
        // Given two workflows, and an event whose profile holds a number no BigDecimal reads (written before the
        // projector bounded numbers), so that building any run's context throws
        trigger.define(workflow("demo", "wf-a", "signup", true));
        trigger.define(workflow("demo", "wf-b", "signup", true));
        final EnrichedEvent poisoned = event("demo", "req-1:0", "signup", Map.of());
        poisoned.getProfile().getAttributes().put("bomb", Fixtures.attribute(new NumberValue("1e99999999999")));

        // When it arrives, then a sound event
        trigger.pipe(poisoned);
        trigger.pipe(event("demo", "req-2:0", "signup", Map.of()));

        // Then each workflow's run of the poisoned event is recorded failed with the reason, and the next event runs
        final List<WorkflowRun> started = runs.readValuesToList();
        assertThat(started).extracting(WorkflowRun::getStatus).containsExactly("failed", "failed", "started", "started");
        assertThat(started.getFirst().getFailureReason()).contains("NumberFormatException");
        assertThat(started.get(2).getRunId()).isEqualTo(RunIds.of("req-2:0", "wf-a"));
    }

    @Test
    void shouldStartNothingTwiceForARedeliveredEvent() {
        // Given a matching workflow and an event already processed once
        trigger.define(workflow("demo", "wf-a", "signup", true));
        final EnrichedEvent signup = event("demo", "req-1:0", "signup", Map.of());
        trigger.pipe(signup);

        // When the same event is delivered again, also later with a newer timestamp
        trigger.pipe(signup);
        trigger.events().pipeInput(new CustomerKey("demo", "c-1"), signup, EVENT_TIME.plus(Duration.ofHours(1)));

        // Then the workflow was started once
        assertThat(runs.readValuesToList()).extracting(WorkflowRun::getRunId)
                .containsExactly(RunIds.of("req-1:0", "wf-a"));
    }

    @Test
    void shouldStartNothingForDisabledOrDeletedWorkflows() {
        // Given a workflow redefined as disabled and one deleted with a tombstone
        trigger.define(workflow("demo", "wf-a", "signup", true));
        trigger.define(workflow("demo", "wf-a", "signup", false));
        trigger.define(workflow("demo", "wf-b", "signup", true));
        trigger.workflows().pipeInput(new WorkflowKey("demo", "wf-b"), null, EVENT_TIME);

        // When a signup event arrives
        trigger.pipe(event("demo", "req-1:0", "signup", Map.of()));

        // Then nothing starts
        assertThat(runs.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepStartedRunsQueryableByWorkflowAndCustomer() {
        // Given a workflow started for two customers
        trigger.define(workflow("demo", "wf-a", "signup", true));
        trigger.pipe(event("demo", "req-1:0", "signup", Map.of()));
        final EnrichedEvent other = event("demo", "req-2:0", "signup", Map.of());
        other.setCustomerId("c-2");
        trigger.pipe(other);

        // When the runs store is read for the workflow and customer c-1
        final KeyValueStore<String, WorkflowRun> store = trigger.driver().getKeyValueStore(RunStores.RUNS_BY_WORKFLOW);
        final List<WorkflowRun> found = new ArrayList<>();
        try (KeyValueIterator<String, WorkflowRun> it = store.range(
                StoreKey.lowerBound("demo", "wf-a", "c-1"), StoreKey.upperBound("demo", "wf-a", "c-1"))) {
            it.forEachRemaining(kv -> found.add(kv.value));
        }

        // Then only c-1's run is there
        assertThat(found).extracting(WorkflowRun::getRunId).containsExactly(RunIds.of("req-1:0", "wf-a"));
    }

    @Test
    void shouldDeadLetterAnUnreadableEventWithItsSourceAndRequestIdAndStartTheNextEventsRuns() {
        // Given a matching workflow, and bytes on enriched-events that are not an enriched event
        trigger.define(workflow("demo", "wf-a", "signup", true));
        final RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.REQUEST_ID_HEADER, "req-garbage".getBytes(StandardCharsets.UTF_8));
        final byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);

        // When they arrive, then a sound event
        trigger.raw(Topics.ENRICHED_EVENTS).pipeInput(new TestRecord<>("k".getBytes(StandardCharsets.UTF_8), garbage, headers, EVENT_TIME));
        trigger.pipe(event("demo", "req-2:0", "signup", Map.of()));

        // Then the bytes went, as they were, to enriched-events-dlq with why and where they were read
        final List<TestRecord<byte[], byte[]>> letters = eventDeadLetters.readRecordsToList();
        assertThat(letters).hasSize(1);
        final TestRecord<byte[], byte[]> letter = letters.getFirst();
        DeadLetterRecords.assertUnreadableFirstRecord(letter, garbage, Topics.ENRICHED_EVENTS);
        assertThat(header(letter, Topics.DEAD_LETTER_PARTITION_HEADER)).contains("0");
        assertThat(header(letter, Topics.REQUEST_ID_HEADER)).contains("req-garbage");
        // and the next event started its run
        assertThat(runs.readValuesToList()).extracting(WorkflowRun::getRunId)
                .containsExactly(RunIds.of("req-2:0", "wf-a"));
    }

    @Test
    void shouldPassOverAnEventNoWorkflowAwaitsWithoutReadingPastItsName() {
        // Given a workflow on signup only, and the bytes of a purchase and of a signup, each cut off right after its
        // leading fields (id, workspace, customer, request id, name), where its data and profile would begin
        trigger.define(workflow("demo", "wf-a", "signup", true));
        final byte[] purchase = cutAfterName(event("demo", "req-1:0", "purchase", Map.of()));
        final byte[] signup = cutAfterName(event("demo", "req-2:0", "signup", Map.of()));
        final byte[] key = Topics.ENRICHED_EVENTS.keySerde(trigger.registry())
                .serialize(Topics.ENRICHED_EVENTS.name(), new CustomerKey("demo", "c-1"));

        // When both arrive, then a whole signup
        trigger.raw(Topics.ENRICHED_EVENTS).pipeInput(new TestRecord<>(key, purchase, new RecordHeaders(), EVENT_TIME));
        trigger.raw(Topics.ENRICHED_EVENTS).pipeInput(new TestRecord<>(key, signup, new RecordHeaders(), EVENT_TIME));
        trigger.pipe(event("demo", "req-3:0", "signup", Map.of()));

        // Then the purchase, which nothing awaits, was passed over without being decoded: no dead letter for it;
        // the cut signup, which a workflow awaits, was decoded, found unreadable and dead-lettered; the whole one ran
        final List<TestRecord<byte[], byte[]>> letters = eventDeadLetters.readRecordsToList();
        assertThat(letters).extracting(TestRecord::value).containsExactly(signup);
        assertThat(runs.readValuesToList()).extracting(WorkflowRun::getRunId)
                .containsExactly(RunIds.of("req-3:0", "wf-a"));
    }

    /** The event's bytes up to the end of its name, its fifth field. */
    private byte[] cutAfterName(final EnrichedEvent event) {
        final byte[] whole = Topics.ENRICHED_EVENTS.valueSerde(trigger.registry())
                .serialize(Topics.ENRICHED_EVENTS.name(), event);
        int length = 5;
        for (final String field : List.of(event.getEventId(), event.getWorkspaceId(), event.getCustomerId(),
                event.getRequestId(), event.getName())) {
            // Short ASCII values: a one-byte length (zig-zag, under 64 bytes), then the bytes
            assertThat(field.length()).isLessThan(64);
            length += 1 + field.getBytes(StandardCharsets.UTF_8).length;
        }
        return Arrays.copyOf(whole, length);
    }

    @Test
    void shouldDeadLetterAnEventWhoseStartThrowsOutsideTheWorkflowsOwnContainmentAndGoOn() {
        // Given a matching workflow, and a registry that refuses the run's schema (409: someone registered an
        // incompatible version under the subject), so that recording the started run in its store throws
        trigger.define(workflow("demo", "wf-a", "signup", true));
        trigger.registry().refuse(WorkflowRun.getClassSchema());

        // When an event arrives
        trigger.pipe(event("demo", "req-1:0", "signup", Map.of()));

        // Then it went to enriched-events-dlq with the failure, where it was read and its request id
        DeadLetterRecords.assertRefusedFirstEvent(eventDeadLetters.readRecordsToList(),
                Fixtures.event("demo", "req-1:0", "signup", Map.of()).getRequestId());
        // and no run of it went out
        assertThat(runs.isEmpty()).isTrue();

        // When the registry accepts the schema again and the next event arrives, then its run starts
        trigger.registry().accept();
        trigger.pipe(event("demo", "req-2:0", "signup", Map.of()));
        assertThat(runs.readValuesToList()).extracting(WorkflowRun::getRunId)
                .containsExactly(RunIds.of("req-2:0", "wf-a"));
        assertThat(eventDeadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterAnUnreadableWebhookRetryAndGoOn() {
        // Given bytes on webhook-retries that are not a retry
        final byte[] garbage = "not a retry".getBytes(StandardCharsets.UTF_8);

        // When they arrive
        trigger.raw(Topics.WEBHOOK_RETRIES).pipeInput(new TestRecord<>("k".getBytes(StandardCharsets.UTF_8), garbage, new RecordHeaders(),
                EVENT_TIME));

        // Then they went to webhook-retries-dlq with why and where they were read
        DeadLetterRecords.assertUnreadableFirstRecord(trigger.deadLetters(Topics.WEBHOOK_RETRIES_DLQ).readRecord(),
                garbage, Topics.WEBHOOK_RETRIES);
    }

    @Test
    void shouldNameEveryNodeAndStoreInKebabCase() {
        // Given / When the topology is described
        final List<String> names = new ArrayList<>();
        for (final TopologyDescription.Subtopology sub : trigger.topology().describe().subtopologies()) {
            sub.nodes().forEach(node -> names.add(node.name()));
            sub.nodes().stream().filter(n -> n instanceof TopologyDescription.Processor)
                    .forEach(n -> names.addAll(((TopologyDescription.Processor) n).stores()));
        }
        for (final TopologyDescription.GlobalStore global : trigger.topology().describe().globalStores()) {
            names.add(global.source().name());
            names.add(global.processor().name());
            names.addAll(global.processor().stores());
        }

        // Then every name is kebab-case
        assertThat(names).isNotEmpty().allMatch(name -> KEBAB_CASE.matcher(name).matches());
        assertThat(names).contains("start-workflows", "workflow-definitions", "started-runs", "runs-by-workflow");
    }
}
