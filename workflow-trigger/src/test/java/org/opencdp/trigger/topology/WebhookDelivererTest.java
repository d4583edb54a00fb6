package org.opencdp.trigger.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.RunKey;
import org.opencdp.avro.WebhookDelivery;
import org.opencdp.avro.WebhookRetry;
import org.opencdp.trigger.run.RunIds;

/** The delivering task in a TopologyTestDriver, over real HTTP, with the wall clock moved by the test. */
class WebhookDelivererTest {

    @TempDir
    Path stateDir;

    private DeliveryTopologyHarness harness;

    @BeforeEach
    void start() {
        harness = new DeliveryTopologyHarness(stateDir, 2);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void shouldDeliverARunThenForgetAndTombstoneItAfterTheRetention() {
        // Given a workflow with a webhook, and its run started
        harness.define("wf-a", "signup", harness.url("/ok"));
        harness.pipe("req-1:0", "signup", "c-1");
        final String runId = RunIds.of("req-1:0", "wf-a");
        assertThat(harness.stored(runId).getState()).isEqualTo(WebhookDeliveries.PENDING);

        // When delivery rounds run
        harness.roundsUntil(() -> harness.stored(runId).getState().equals(WebhookDeliveries.DELIVERED));

        // Then it was POSTed once, keyed by its run id, and recorded PENDING then DELIVERED on the topic, keyed
        // with its customer
        assertThat(harness.postsTo("/ok")).singleElement()
                .satisfies(post -> assertThat(post.idempotencyKey()).isEqualTo(runId));
        final RunKey key = new RunKey("demo", runId, "c-1");
        assertThat(harness.written()).extracting(kv -> kv.key).containsOnly(key);
        assertThat(harness.written()).extracting(kv -> kv.value.getState())
                .containsExactly(WebhookDeliveries.PENDING, WebhookDeliveries.DELIVERED);

        // And when the retention has passed, it leaves the stores and gets a tombstone
        harness.advance(DeliveryTopologyHarness.RETENTION);
        harness.advance(DeliveryTopologyHarness.INTERVAL);
        assertThat(harness.stored(runId)).isNull();
        assertThat(count(harness.deliveryStore())).isZero();
        assertThat(count(harness.scheduleStore())).isZero();
        assertThat(harness.written().getLast()).isEqualTo(KeyValue.pair(key, null));
        assertThat(harness.postsTo("/ok")).hasSize(1);
    }

    @Test
    void shouldNotDeliverARunThatFailed() {
        // Given a workflow stored with a template that cannot render, beside a sound one, both with webhooks
        harness.define("wf-bad", "signup", harness.url("/bad"), "{#for x in nosuch}{x}{/for}");
        harness.define("wf-good", "signup", harness.url("/ok"));

        // When an event starts both
        harness.pipe("req-1:0", "signup", "c-1");
        final String goodRun = RunIds.of("req-1:0", "wf-good");
        harness.roundsUntil(() -> harness.stored(goodRun).getState().equals(WebhookDeliveries.DELIVERED));

        // Then the failed run has no delivery and nothing was POSTed for it; the sound one was delivered
        assertThat(harness.stored(RunIds.of("req-1:0", "wf-bad"))).isNull();
        assertThat(harness.postsTo("/bad")).isEmpty();
        assertThat(harness.postsTo("/ok")).hasSize(1);
    }

    @Test
    void shouldParkAfterTheLastAttemptAndDeliverWhenRetried() {
        // Given an endpoint that always fails and two attempts per delivery
        harness.define("wf-a", "signup", harness.url("/fail"));
        harness.pipe("req-1:0", "signup", "c-1");
        final String runId = RunIds.of("req-1:0", "wf-a");

        // When both attempts are used up (the back-off is at most 4 s of the driver's clock)
        harness.roundsUntil(() -> harness.stored(runId).getState().equals(WebhookDeliveries.PARKED));

        // Then it is parked with the receiver's answer, bounded, as the last error
        final WebhookDelivery parked = harness.stored(runId);
        assertThat(parked.getAttempts()).isEqualTo(2);
        assertThat(parked.getLastError()).isEqualTo("HTTP 500: receiver says no");
        assertThat(parked.getNextAttemptAt()).isNull();
        assertThat(harness.postsTo("/fail")).hasSize(2);

        // And an admin's retry makes it PENDING from the first attempt; it is tried again
        harness.retries.pipeInput(new CustomerKey("demo", "c-1"),
                new WebhookRetry("demo", runId, Instant.ofEpochMilli(harness.clock.get())), harness.clock.get());
        assertThat(harness.stored(runId).getState()).isEqualTo(WebhookDeliveries.PENDING);
        assertThat(harness.stored(runId).getAttempts()).isZero();
        harness.roundsUntil(() -> harness.postsTo("/fail").size() == 3);
    }

    @Test
    void shouldCountDeliveredFailedAndParkedOutcomesInTheDeliveriesCounter() {
        // Given the application's registry, an endpoint that answers and one that always fails (two attempts)
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Metrics.globalRegistry.add(meters);
        try {
            harness.define("wf-ok", "signup", harness.url("/ok"));
            harness.define("wf-fail", "signup", harness.url("/fail"));

            // When an event starts a run of each, and both deliveries finish
            harness.pipe("req-1:0", "signup", "c-1");
            harness.roundsUntil(() -> harness.stored(RunIds.of("req-1:0", "wf-fail")).getState()
                    .equals(WebhookDeliveries.PARKED)
                    && harness.stored(RunIds.of("req-1:0", "wf-ok")).getState().equals(WebhookDeliveries.DELIVERED));

            // Then one delivery, one failed attempt (retried) and one parked delivery are counted
            assertThat(outcomes(meters, DeliveryCounter.DELIVERED)).isEqualTo(1.0);
            assertThat(outcomes(meters, DeliveryCounter.FAILED)).isEqualTo(1.0);
            assertThat(outcomes(meters, DeliveryCounter.PARKED)).isEqualTo(1.0);
        } finally {
            Metrics.globalRegistry.remove(meters);
        }
    }

    private static double outcomes(final SimpleMeterRegistry meters, final String outcome) {
        return meters.get(DeliveryCounter.NAME).tag("outcome", outcome).counter().count();
    }

    @Test
    void shouldGoOnDeliveringWhenAStoredDeliveryCannotBeRead() {
        // Given a stored delivery whose bytes are not a delivery, due now, beside a good one
        harness.define("wf-a", "signup", harness.url("/ok"));
        final String poison = DeliveryStores.deliveryKey("demo", "run-poison");
        harness.deliveryStore().put(poison, "not avro".getBytes(StandardCharsets.UTF_8));
        harness.scheduleStore().put(DeliveryStores.scheduleKey(harness.clock.get(), poison), poison);
        harness.pipe("req-1:0", "signup", "c-1");
        final String runId = RunIds.of("req-1:0", "wf-a");

        // When delivery rounds run
        harness.roundsUntil(() -> harness.stored(runId).getState().equals(WebhookDeliveries.DELIVERED));

        // Then the good one is delivered, the unreadable one is dropped, and delivery is not stuck
        assertThat(harness.postsTo("/ok")).hasSize(1);
        assertThat(harness.deliveryStore().get(poison)).isNull();
        harness.advance(DeliveryTopologyHarness.STUCK_AFTER);
        assertThat(harness.monitor.stuck()).isEmpty();
    }

    @Test
    void shouldParkADeliveryWhoseUrlTheClientRefusesAndDeliverTheNext() {
        // Given three workflows on one event: a URL that is not a URL, one past the length limit, and a good one
        harness.define("wf-a", "signup", "http://exa mple.com/hook");
        harness.define("wf-b", "signup", harness.url("/ok?pad=" + "x".repeat(300)));
        harness.define("wf-c", "signup", harness.url("/ok"));

        // When the event starts all three and delivery rounds run
        harness.pipe("req-1:0", "signup", "c-1");
        final String good = RunIds.of("req-1:0", "wf-c");
        harness.roundsUntil(() -> harness.stored(good).getState().equals(WebhookDeliveries.DELIVERED));

        // Then the two that can never be sent are parked with the reason, and the good one is delivered
        assertThat(harness.stored(RunIds.of("req-1:0", "wf-a")).getState()).isEqualTo(WebhookDeliveries.PARKED);
        assertThat(harness.stored(RunIds.of("req-1:0", "wf-a")).getLastError()).startsWith("cannot send");
        assertThat(harness.stored(RunIds.of("req-1:0", "wf-b")).getState()).isEqualTo(WebhookDeliveries.PARKED);
        assertThat(harness.stored(RunIds.of("req-1:0", "wf-b")).getLastError())
                .isEqualTo("cannot send: the URL is longer than 200 characters");
        assertThat(harness.postsTo("/ok")).hasSize(1);
    }

    @Test
    void shouldCancelARequestOpenPastTheTimeoutAndDeliverTheNext() {
        // Given a receiver that never answers, and a run for it
        harness.define("wf-a", "signup", harness.url("/hang"));
        harness.define("wf-b", "signup", harness.url("/ok"));
        harness.pipe("req-1:0", "signup", "c-1");
        final String hanging = RunIds.of("req-1:0", "wf-a");
        harness.roundsUntil(() -> harness.postsTo("/hang").size() == 1);

        // When the task's clock passes the 2 s timeout
        harness.advance(Duration.ofSeconds(3));
        harness.advance(DeliveryTopologyHarness.INTERVAL);

        // Then the attempt counts as failed, to be tried again, and the other run was delivered meanwhile
        final WebhookDelivery retried = harness.stored(hanging);
        assertThat(retried.getState()).isEqualTo(WebhookDeliveries.PENDING);
        assertThat(retried.getAttempts()).isEqualTo(1);
        assertThat(retried.getLastError()).isEqualTo("timed out");
        harness.roundsUntil(() -> harness.stored(RunIds.of("req-1:0", "wf-b")).getState()
                .equals(WebhookDeliveries.DELIVERED));
    }

    @Test
    void shouldReportStuckWhenNoRoundCompletesWhileADeliveryIsDue() {
        // Given a due delivery and a round that completed
        harness.define("wf-a", "signup", harness.url("/fail"));
        harness.pipe("req-1:0", "signup", "c-1");
        harness.advance(DeliveryTopologyHarness.INTERVAL);
        assertThat(harness.monitor.stuck()).isEmpty();

        // When time passes beyond stuck-after without a round (the clock readiness reads moves, the task's does not)
        harness.clock.addAndGet(DeliveryTopologyHarness.STUCK_AFTER.toMillis() + 1);

        // Then readiness names the stuck task; one completed round clears it
        assertThat(harness.monitor.stuck()).isPresent();
        harness.driver.advanceWallClockTime(DeliveryTopologyHarness.STUCK_AFTER.plusMillis(1));
        assertThat(harness.monitor.stuck()).isEmpty();
    }

    @Test
    void shouldNotReportStuckWhenNothingIsDue() {
        // Given no delivery at all, and a round that completed
        harness.define("wf-a", "signup", null);
        harness.pipe("req-1:0", "signup", "c-1");
        harness.advance(DeliveryTopologyHarness.INTERVAL);

        // When a long time passes without a round
        harness.clock.addAndGet(Duration.ofHours(1).toMillis());

        // Then delivery is not stuck: there was nothing to do
        assertThat(harness.monitor.stuck()).isEmpty();
        assertThat(count(harness.deliveryStore())).isZero();
    }

    private static long count(final org.apache.kafka.streams.state.KeyValueStore<String, ?> store) {
        try (var it = store.all()) {
            long n = 0;
            for (; it.hasNext(); it.next()) {
                n++;
            }
            return n;
        }
    }
}
