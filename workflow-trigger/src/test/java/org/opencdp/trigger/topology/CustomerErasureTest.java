package org.opencdp.trigger.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.avro.RunKey;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.platform.access.DeletedWorkspaces;
import org.opencdp.platform.streams.WorkspaceErasure;
import org.opencdp.trigger.run.RunIds;

class CustomerErasureTest {

    @TempDir
    Path stateDir;

    private final Set<String> deletedIds = ConcurrentHashMap.newKeySet();
    private DeliveryTopologyHarness harness;

    @BeforeEach
    void start() {
        harness = new DeliveryTopologyHarness(stateDir, 5, DeletedWorkspaces.in(deletedIds));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void shouldEraseADeletedCustomersRunsAndDeliveriesAndKeepEveryoneElses() {
        // Given a workflow whose webhook keeps failing (its deliveries stay PENDING), runs of two customers, and a
        // workflow started by the erasure itself
        harness.define("wf-a", "signup", harness.url("/fail"));
        harness.define("wf-bye", "customer.deleted", null);
        harness.pipe("req-1:0", "signup", "c-1");
        harness.pipe("req-2:0", "signup", "c-2");
        final String erased = RunIds.of("req-1:0", "wf-a");
        final String kept = RunIds.of("req-2:0", "wf-a");
        harness.roundsUntil(() -> harness.postsTo("/fail").size() == 2);
        assertThat(harness.stored(erased).getState()).isEqualTo(WebhookDeliveries.PENDING);

        // When c-1 is deleted
        harness.pipe("req-3:0", "customer.deleted", "c-1");

        // Then c-1's run is gone from every run store, its delivery from the delivery store, with a tombstone
        assertThat(runsOf(RunStores.RUNS_BY_WORKFLOW)).extracting(WorkflowRun::getRunId)
                .containsExactlyInAnyOrder(kept, RunIds.of("req-3:0", "wf-bye"));
        assertThat(runsOf(RunStores.RUNS_BY_ID)).extracting(WorkflowRun::getRunId)
                .containsExactlyInAnyOrder(kept, RunIds.of("req-3:0", "wf-bye"));
        assertThat(harness.stored(erased)).isNull();
        assertThat(harness.stored(kept)).isNotNull();
        assertThat(harness.written()).contains(KeyValue.pair(new RunKey("demo", erased, "c-1"), null));
        assertThat(harness.written()).noneMatch(kv -> kv.key.getRunId().equals(kept) && kv.value == null);
        final KeyValueStore<String, String> index = harness.driver.getKeyValueStore(CustomerRuns.RUNS_BY_CUSTOMER);
        assertThat(keys(index)).noneMatch(key -> key.endsWith(erased));

        // And the erased delivery, pending until then, is never tried again while the other one is
        final long erasedPosts = harness.postsTo("/fail").stream().filter(p -> p.idempotencyKey().equals(erased)).count();
        harness.roundsUntil(() -> harness.postsTo("/fail").stream().filter(p -> p.idempotencyKey().equals(kept)).count() >= 2);
        assertThat(harness.postsTo("/fail").stream().filter(p -> p.idempotencyKey().equals(erased)).count())
                .isEqualTo(erasedPosts);
    }

    @Test
    void shouldEraseEveryRunAndDeliveryOfADeletedWorkspaceAndStartNothingForItAnyMore() {
        // Given two workspaces with the same workflow and customers, whose webhooks keep failing
        harness.defineIn("acme", "wf-a", "signup", harness.url("/fail"));
        harness.define("wf-a", "signup", harness.url("/fail"));
        harness.pipe("acme", "req-1:0", "signup", "c-1");
        harness.pipe("acme", "req-2:0", "signup", "c-2");
        harness.pipe("req-3:0", "signup", "c-1");
        final String keptRun = RunIds.of("req-3:0", "wf-a");
        harness.roundsUntil(() -> harness.postsTo("/fail").size() == 3);

        // When workspace acme is deleted and a round of erasure runs
        deletedIds.add("acme");
        harness.advance(WorkspaceErasure.INTERVAL);

        // Then none of acme's runs or deliveries is left, its deliveries are withdrawn, demo's are untouched
        assertThat(runsOf(RunStores.RUNS_BY_WORKFLOW)).extracting(WorkflowRun::getWorkspaceId).containsOnly("demo");
        assertThat(runsOf(RunStores.RUNS_BY_ID)).extracting(WorkflowRun::getRunId).containsExactly(keptRun);
        assertThat(harness.stored(RunIds.of("req-1:0", "wf-a"))).isNull();
        assertThat(harness.stored(keptRun)).isNotNull();
        assertThat(harness.written()).contains(
                KeyValue.pair(new RunKey("acme", RunIds.of("req-1:0", "wf-a"), "c-1"), null),
                KeyValue.pair(new RunKey("acme", RunIds.of("req-2:0", "wf-a"), "c-2"), null));
        final KeyValueStore<String, String> index = harness.driver.getKeyValueStore(CustomerRuns.RUNS_BY_CUSTOMER);
        assertThat(keys(index)).noneMatch(key -> key.startsWith("acme\u0000"));

        // And a late event of acme starts nothing, while demo's retries go on
        harness.runs.readRecordsToList();
        harness.pipe("acme", "req-4:0", "signup", "c-3");
        assertThat(harness.runs.readRecordsToList()).isEmpty();
        final Set<String> acmeRuns = Set.of(RunIds.of("req-1:0", "wf-a"), RunIds.of("req-2:0", "wf-a"));
        final long acmePosts = harness.postsTo("/fail").stream().filter(p -> acmeRuns.contains(p.idempotencyKey())).count();
        harness.roundsUntil(() -> harness.postsTo("/fail").stream()
                .filter(p -> p.idempotencyKey().equals(keptRun)).count() >= 2);
        assertThat(harness.postsTo("/fail").stream().filter(p -> acmeRuns.contains(p.idempotencyKey())).count())
                .isEqualTo(acmePosts);
    }

    private List<WorkflowRun> runsOf(final String store) {
        final KeyValueStore<String, WorkflowRun> runs = harness.driver.getKeyValueStore(store);
        final List<WorkflowRun> found = new ArrayList<>();
        try (KeyValueIterator<String, WorkflowRun> it = runs.all()) {
            it.forEachRemaining(kv -> found.add(kv.value));
        }
        return found;
    }

    private static List<String> keys(final KeyValueStore<String, String> store) {
        final List<String> found = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.all()) {
            it.forEachRemaining(kv -> found.add(kv.key));
        }
        return found;
    }
}
