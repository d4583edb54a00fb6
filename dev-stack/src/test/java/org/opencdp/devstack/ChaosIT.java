package org.opencdp.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.embedded.QuarkusService;

/**
 * Crashes under steady load through ingest-api: each service in turn is killed (SIGKILL, no shutdown) and
 * restarted, both stream processors are paused past their transactions' timeout, then the broker is stopped and,
 * after the segment routes were called without it, started again. Afterwards no acknowledged write is lost, none is
 * applied twice, and each acknowledged event started each workflow exactly once; without the broker, every segment
 * route answered in time, with 200 or 503 and Retry-After (a new definition always 503). Its closing line gives the
 * figures.
 */
class ChaosIT {

    private static final String EVENT = "chaos.tick";
    private static final Duration PAUSE = Duration.ofMillis(40);
    private static final Duration BETWEEN_CRASHES = Duration.ofSeconds(2);
    private static final Duration PAUSED = Duration.ofSeconds(20);
    /** The projector's segment write timeout (5 s) and the relay's hop, with room for a slow machine. */
    private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(20);

    @RegisterExtension
    static final RunningStack STACK = new RunningStack("opencdp-chaos-it", 3);

    @Test
    void shouldLoseNothingApplyNothingTwiceAndStartEachWorkflowOncePerEventThroughCrashesPausesAndABrokerRestart()
            throws Exception {
        // Given: two workflows on the event, and writes and events flowing
        final List<String> workflows = List.of(STACK.client().createWorkflow(EVENT), STACK.client().createWorkflow(EVENT));
        // and a segment, defined through ingest-api (relayed to the projector)
        final HttpResponse<String> defined = STACK.client().send("POST", STACK.client().ingest("/segments"),
                StackClient.bearer(), "{\"name\":\"Chaos\",\"match\":\"all\",\"conditions\":"
                        + "[{\"event\":\"" + EVENT + "\",\"op\":\"gte\",\"count\":1,\"within\":\"P1D\"}]}");
        assertThat(defined.statusCode()).as(defined.body()).isEqualTo(201);
        final String segment = StackClient.JSON.readTree(defined.body()).get("id").asText();
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
        // and the broker goes away while the segment routes are called, then comes back
        STACK.stack().stopBroker();
        final Map<String, HttpResponse<String>> withoutBroker = callSegmentRoutes(segment);
        STACK.stack().startBroker();
        System.out.printf("broker stopped and started after %d acknowledged requests; segment routes without it: %s%n",
                beforeBrokerRestart, statuses(withoutBroker));
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
        // Then: without the broker, every segment route answered (callSegmentRoutes bounds each in time). The
        // definitions, which the projector follows into memory, were read; a new one, which Kafka could not take,
        // was refused with 503 and Retry-After. Members and explanations come from the fold's stores: under
        // exactly-once a commit that times out without the broker closes the tasks, whose stores open again once it
        // is back, so those answer 200 or 503 with Retry-After, never another 5xx.
        assertThat(withoutBroker.get("GET /segments").statusCode()).isEqualTo(200);
        assertThat(withoutBroker.get("GET /segments/{id}").statusCode()).isEqualTo(200);
        assertThat(withoutBroker.get("GET /segments/{id}").body()).contains(segment, "Chaos");
        assertThat(withoutBroker.get("POST /segments").statusCode()).isEqualTo(503);
        withoutBroker.forEach((route, answer) -> {
            assertThat(answer.statusCode()).as(route + ": " + answer.body()).isIn(200, 503);
            if (answer.statusCode() == 503) {
                assertThat(answer.headers().firstValue("Retry-After")).as(route + " Retry-After").isPresent();
            }
        });
        // Then: with the broker back, a definition is taken again
        assertThat(STACK.client().send("POST", STACK.client().ingest("/segments"), StackClient.bearer(),
                "{\"name\":\"After\",\"match\":\"all\",\"conditions\":[]}").statusCode()).isEqualTo(201);
    }

    /** Each segment route, through ingest-api, each answered within {@link #ANSWERED_WITHIN}. */
    private static Map<String, HttpResponse<String>> callSegmentRoutes(final String segment) throws Exception {
        final Map<String, String> routes = new LinkedHashMap<>();
        routes.put("GET /segments", "/segments");
        routes.put("GET /segments/{id}", "/segments/" + segment);
        routes.put("GET /segments/{id}/members", "/segments/" + segment + "/members");
        routes.put("GET /segments/{id}/explain/{customer_id}", "/segments/" + segment + "/explain/chaos-1");
        routes.put("POST /segments", "/segments");
        final Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        for (final Map.Entry<String, String> route : routes.entrySet()) {
            final String method = route.getKey().substring(0, route.getKey().indexOf(' '));
            final long started = System.nanoTime();
            answers.put(route.getKey(), STACK.client().send(method, STACK.client().ingest(route.getValue()),
                    StackClient.bearer(), method.equals("POST")
                            ? "{\"name\":\"Without the broker\",\"match\":\"all\",\"conditions\":[]}" : null));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as(route.getKey() + " answered in time")
                    .isLessThan(ANSWERED_WITHIN);
        }
        return answers;
    }

    private static Map<String, Integer> statuses(final Map<String, HttpResponse<String>> answers) {
        final Map<String, Integer> statuses = new LinkedHashMap<>();
        answers.forEach((route, answer) -> statuses.put(route, answer.statusCode()));
        return statuses;
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
