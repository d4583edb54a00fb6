package org.opencdp.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.embedded.QuarkusService;

/**
 * Exactly one run per (event, workflow) although the workflow-trigger and then the profile-projector are killed
 * (SIGKILL, no shutdown) and restarted while events flow: afterwards every acknowledged event started each
 * workflow once, none is missing, none is doubled.
 */
class WorkflowExactlyOnceIT {

    private static final int EVENTS = 300;
    private static final int CUSTOMERS = 24;

    private static final Set<String> ACKNOWLEDGED = ConcurrentHashMap.newKeySet();

    private static DevStack stack;
    private static StackClient client;

    @BeforeAll
    static void startStack() throws Exception {
        stack = StackClient.startStack("opencdp-exactly-once-it", 3);
        client = new StackClient(stack);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldStartEachWorkflowOncePerEventThroughCrashesOfTheTriggerAndTheProjector() throws Exception {
        // Given two workflows on the event
        final String first = client.createWorkflow("ping");
        final String second = client.createWorkflow("ping");
        final Set<String> acknowledged = ACKNOWLEDGED;

        // When events flow from a client while the trigger, then the projector, are killed and restarted
        final ExecutorService sender = Executors.newSingleThreadExecutor();
        final Future<?> sending = sender.submit(() -> {
            for (int i = 0; i < EVENTS; i++) {
                final HttpResponse<String> sent = client.send("POST", client.ingest("/events"), StackClient.keyAndSecret(),
                        "{\"customer_id\":\"eo-" + (i % CUSTOMERS) + "\",\"event\":\"ping\",\"data\":{\"n\":" + i + "}}");
                if (sent.statusCode() == 200) {
                    acknowledged.add(sent.headers().firstValue("X-Request-Id").orElseThrow() + ":0");
                }
                Thread.sleep(70);
            }
            return null;
        });
        Thread.sleep(2000);
        assertThat(sending.isDone()).as("events still flowing when the trigger is killed").isFalse();
        crashAndRestart(stack.service("workflow-trigger"));
        assertThat(sending.isDone()).as("events still flowing when the projector is killed").isFalse();
        crashAndRestart(stack.service("profile-projector"));
        sending.get();
        sender.shutdown();

        // Then each workflow has exactly one run per acknowledged event
        assertThat(acknowledged).hasSize(EVENTS);
        for (final String workflowId : List.of(first, second)) {
            final List<WorkflowRun> runs = client.awaitRuns(workflowId, EVENTS);
            final List<String> eventIds = runs.stream().map(WorkflowRun::getEventId).toList();
            assertThat(runs).as("runs of %s", workflowId).hasSize(EVENTS);
            assertThat(Set.copyOf(eventIds)).isEqualTo(acknowledged);
            assertThat(runs.stream().map(WorkflowRun::getRunId).collect(Collectors.toSet())).hasSize(EVENTS);
        }
    }

    private static void crashAndRestart(final QuarkusService service) throws Exception {
        service.kill();
        System.out.printf("%s killed (SIGKILL) after %d events were acknowledged%n", service.name(), ACKNOWLEDGED.size());
        Thread.sleep(1500);
        service.start();
        service.awaitReady(Duration.ofMinutes(2));
    }
}
