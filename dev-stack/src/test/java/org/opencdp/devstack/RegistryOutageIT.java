package org.opencdp.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencdp.embedded.QuarkusService;
import org.opencdp.schemas.Topics;

/**
 * A schema registry that cannot be reached is transient, not poison: while it is gone, commands keep being
 * written, the projector (restarted meanwhile, so that its writer schemas must be looked up again) waits and
 * retries instead of dead-lettering them, readiness says it is not ready, and once the registry is back every
 * command is folded, once. The trigger, restarted too, waits for its workflow definitions and runs again.
 */
class RegistryOutageIT {

    private static final Duration PAUSE = Duration.ofMillis(50);
    private static final Duration OUTAGE = Duration.ofSeconds(25);
    private static final Duration OUTAGE_LIMIT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @RegisterExtension
    static final RunningStack STACK = new RunningStack("opencdp-registry-outage-it", 2);

    @Test
    void shouldFoldEveryCommandOnceAndDeadLetterNoneThroughARegistryOutage() throws Exception {
        // Given: commands flowing, folded with schemas the services have looked up already
        final QuarkusService projector = STACK.stack().service("profile-projector");
        final QuarkusService ingest = STACK.stack().service("ingest-api");
        final QuarkusService trigger = STACK.stack().service("workflow-trigger");
        STACK.client().createWorkflow("outage.tick");
        final SteadyLoad load = new SteadyLoad(STACK.client(), "outage", 12, PAUSE, null).start();
        Thread.sleep(3000);
        final int beforeOutage = load.acknowledged();

        // When: the projector and the trigger stop while ingest-api (its schemas cached) keeps writing, so that a
        // backlog of commands waits for a projector that must look their writer schemas up again
        projector.kill();
        trigger.kill();
        Thread.sleep(2000);
        // When: the registry goes away, and every service starts again (their schema caches are empty)
        STACK.stack().stopRegistry();
        final Instant outageStart = Instant.now();
        projector.start();
        trigger.start();
        ingest.kill();
        ingest.start();
        ingest.awaitReady(Duration.ofMinutes(2));
        final int unavailableBefore = load.answered(503);
        int readyWhileDown = 0;
        String transientFailure = null;
        // The registry stays away for at least OUTAGE, and until the projector has met the outage (on a slow
        // machine its start alone may take most of OUTAGE), but no longer than OUTAGE_LIMIT.
        while (Instant.now().isBefore(outageStart.plus(OUTAGE))
                || transientFailure == null && Instant.now().isBefore(outageStart.plus(OUTAGE_LIMIT))) {
            // Counted once the projector has met the outage: a fresh process cannot know of it before its first
            // lookup (a moment after it starts running).
            final HttpResponse<String> ready = readiness(projector);
            if (ready != null && ready.statusCode() == 200 && transientFailure != null) {
                readyWhileDown++;
            } else if (ready != null && ready.body().contains("transient-failure")) {
                transientFailure = ready.body();
            }
            assertThat(projector.isAlive()).as("the projector survives the outage").isTrue();
            assertThat(trigger.isAlive()).as("the trigger survives the outage").isTrue();
            Thread.sleep(500);
        }
        final int writesDuringOutage = load.sent();
        final int unavailableDuringOutage = load.answered(503) - unavailableBefore;

        // When: the registry is back
        STACK.stack().startRegistry();
        projector.awaitReady(Duration.ofMinutes(2));
        trigger.awaitReady(Duration.ofMinutes(2));
        final int afterOutage = load.acknowledged();
        Thread.sleep(3000);
        load.stop();

        // Then: every acknowledged command is on its profile, once; none is dead-lettered
        final Map<Long, Integer> applied = load.applications(StackClient.FOLDED);
        final long lost = load.acknowledgedWrites().stream().filter(seq -> !applied.containsKey(seq)).count();
        final long twice = applied.values().stream().filter(n -> n > 1).count();
        final int deadLetters = STACK.client().countRecords(Topics.CUSTOMER_COMMANDS_DLQ);
        final HttpResponse<String> health = readiness(projector);
        System.out.printf("registry-outage: acknowledged=%d (before=%d, until-back=%d), sent=%d, 503-during-outage=%d,"
                        + " lost=%d, applied-twice=%d, dead-letters=%d, ready-while-down=%d%n",
                load.acknowledgedWrites().size(), beforeOutage, afterOutage, load.sent(), unavailableDuringOutage,
                lost, twice, deadLetters, readyWhileDown);
        assertThat(load.acknowledged()).isGreaterThan(afterOutage).isGreaterThan(beforeOutage);
        assertThat(lost).as("acknowledged writes lost").isZero();
        assertThat(twice).as("writes applied twice").isZero();
        assertThat(deadLetters).as("records on customer-commands-dlq").isZero();
        assertThat(load.serverErrors()).as("5xx answers other than 503 with Retry-After").isEmpty();
        // Then: ingest-api, which had to register its schemas again, answered 503 (with Retry-After) meanwhile
        assertThat(writesDuringOutage).isGreaterThan(beforeOutage);
        assertThat(unavailableDuringOutage).as("writes refused with 503 while the registry was gone").isPositive();
        // Then: the projector was not ready while the registry was gone, said why, and runs again
        assertThat(readyWhileDown).as("readiness UP while the registry was gone").isZero();
        assertThat(transientFailure).as("readiness naming the transient failure").contains("SchemaRegistryUnavailable");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("RUNNING");
    }

    private static HttpResponse<String> readiness(final QuarkusService service) throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(service.url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException notListening) {
            return null;
        }
    }
}
