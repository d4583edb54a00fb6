package org.opencdp.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.embedded.QuarkusService;

/**
 * Crashes under steady load through ingest-api: each service in turn is killed (SIGKILL, no shutdown) and
 * restarted, both stream processors are paused past their transactions' timeout, then the broker is restarted. Afterwards no acknowledged write is lost, none is applied twice, and
 * each acknowledged event started each workflow exactly once. Its closing line gives the figures.
 */
class ChaosIT {

    private static final String EVENT = "chaos.tick";
    private static final Duration PAUSE = Duration.ofMillis(40);
    private static final Duration BETWEEN_CRASHES = Duration.ofSeconds(2);
    private static final Duration PAUSED = Duration.ofSeconds(20);

    @RegisterExtension
    static final RunningStack STACK = new RunningStack("opencdp-chaos-it", 3);

    @Test
    void shouldLoseNothingApplyNothingTwiceAndStartEachWorkflowOncePerEventThroughCrashesPausesAndABrokerRestart()
            throws Exception {
        // Given: two workflows on the event, and writes and events flowing
        final List<String> workflows = List.of(STACK.client().createWorkflow(EVENT), STACK.client().createWorkflow(EVENT));
        final SteadyLoad load = new SteadyLoad(STACK.client(), "chaos", 24, PAUSE, EVENT).start();
        Thread.sleep(BETWEEN_CRASHES.toMillis());

        // When: each service is killed and restarted in turn, then the broker is restarted
        for (final String name : List.of("ingest-api", "workflow-trigger", "profile-projector")) {
            crashAndRestart(STACK.stack().service(name), load);
            Thread.sleep(BETWEEN_CRASHES.toMillis());
        }
        // and both stream processors are paused past their transactions' timeout (a stalled VM, a long GC pause)
        pauseAndResume(List.of(STACK.stack().service("profile-projector"), STACK.stack().service("workflow-trigger")), load);
        Thread.sleep(BETWEEN_CRASHES.toMillis());
        final int beforeBrokerRestart = load.acknowledged();
        STACK.stack().restartBroker();
        System.out.printf("broker restarted after %d acknowledged requests%n", beforeBrokerRestart);
        for (final QuarkusService service : STACK.stack().services()) {
            service.awaitReady(Duration.ofMinutes(2));
        }
        Thread.sleep(BETWEEN_CRASHES.toMillis());
        load.stop();

        // Then: every acknowledged write is on its profile, once
        final Map<Long, Integer> applied = load.applications(StackClient.FOLDED);
        final long lost = load.acknowledgedWrites().stream().filter(seq -> !applied.containsKey(seq)).count();
        final long twice = applied.values().stream().filter(n -> n > 1).count();
        // Then: each acknowledged event started each workflow, once
        int runs = 0;
        int missingRuns = 0;
        int duplicateRuns = 0;
        for (final String workflow : workflows) {
            final List<WorkflowRun> found = STACK.client().awaitRuns(workflow, load.acknowledgedEvents().size());
            final SteadyLoad.Runs figures = load.runs(found);
            runs += figures.runs();
            missingRuns += figures.missing();
            duplicateRuns += figures.duplicates();
        }
        System.out.printf("chaos: acknowledged=%d (writes=%d, events=%d), sent=%d, unanswered=%d, 503=%d, lost=%d,"
                        + " applied-twice=%d, runs=%d, missing-runs=%d, duplicate-runs=%d%n",
                load.acknowledged(), load.acknowledgedWrites().size(), load.acknowledgedEvents().size(), load.sent(),
                load.unanswered(), load.answered(503), lost, twice, runs, missingRuns, duplicateRuns);
        assertThat(load.acknowledged()).as("requests acknowledged after the broker restart")
                .isGreaterThan(beforeBrokerRestart);
        assertThat(lost).as("acknowledged writes lost").isZero();
        assertThat(twice).as("writes applied twice").isZero();
        assertThat(missingRuns).as("acknowledged events without a run").isZero();
        assertThat(duplicateRuns).as("events that started a workflow twice").isZero();
        assertThat(load.serverErrors()).as("5xx answers other than 503 with Retry-After").isEmpty();
    }

    /**
     * SIGSTOP, then SIGCONT 20 s later: longer than the 10 s transaction timeout Kafka Streams gives its producers,
     * so the coordinator aborts each open transaction and the commit after the pause fails. The services must come
     * back by themselves (they once shut their Streams client down for good on that failure).
     */
    private static void pauseAndResume(final List<QuarkusService> services, final SteadyLoad load) throws Exception {
        for (final QuarkusService service : services) {
            signal("-STOP", service);
        }
        System.out.printf("%s paused (SIGSTOP) after %d acknowledged requests%n",
                services.stream().map(QuarkusService::name).toList(), load.acknowledged());
        Thread.sleep(PAUSED.toMillis());
        for (final QuarkusService service : services) {
            signal("-CONT", service);
        }
        for (final QuarkusService service : services) {
            service.awaitReady(Duration.ofMinutes(2));
        }
    }

    private static void signal(final String signal, final QuarkusService service) throws Exception {
        final Process kill = new ProcessBuilder("kill", signal, Long.toString(service.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill " + signal + " " + service.name()).isZero();
    }

    private static void crashAndRestart(final QuarkusService service, final SteadyLoad load) throws Exception {
        service.kill();
        System.out.printf("%s killed (SIGKILL) after %d acknowledged requests%n", service.name(), load.acknowledged());
        Thread.sleep(1000);
        service.start();
        service.awaitReady(Duration.ofMinutes(2));
    }
}
