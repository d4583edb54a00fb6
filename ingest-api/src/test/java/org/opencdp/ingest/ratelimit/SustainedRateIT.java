package org.opencdp.ingest.ratelimit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import org.junit.jupiter.api.Test;
import org.opencdp.ingest.testing.RouteFixture;

/**
 * Contract section 10's token bucket measured over HTTP: a workspace offered far more than its rate for a few
 * seconds is served {@code burst + per_second × elapsed} requests, and every other one is a 429 (never a 5xx).
 * The figure it prints (requests accepted per second after the burst, against the setting) is the one the
 * closing note and docs/rate-limits.md quote.
 */
@QuarkusTest
class SustainedRateIT extends RouteFixture {

    private static final int PER_SECOND = 100;
    private static final int BURST = 50;
    private static final Duration OFFERED_FOR = Duration.ofSeconds(3);
    private static final int SENDERS = 4;
    /** Refused by the route (422) before anything is published: it costs a token like any request. */
    private static final String INVALID = "{\"customers\":[{\"first_name\":\"no id\"}]}";

    @TestHTTPResource("/customers")
    URI customers;

    @Test
    void shouldServeTheBurstThenPerSecondRequestsEachSecondAndAnswerTheRest429() throws Exception {
        // Given a workspace limited to 100 requests a second with a burst of 50
        final String id = "ws-rate-" + UUID.randomUUID().toString().substring(0, 8);
        final String token = given().header("Authorization", "Bearer demo-operator").contentType(ContentType.JSON)
                .body("{\"id\":\"" + id + "\",\"rate_limit\":{\"per_second\":" + PER_SECOND + ",\"burst\":" + BURST
                        + "}}")
                .post("/admin/workspaces").then().statusCode(201).extract().jsonPath().getString("token");
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        final HttpRequest request = HttpRequest.newBuilder(customers).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(INVALID)).build();
        final AtomicLong served = new AtomicLong();
        final AtomicLong limited = new AtomicLong();
        final AtomicLong other = new AtomicLong();

        // When 4 senders send as fast as they are answered for 3 seconds
        final long start = System.nanoTime();
        final long end = start + OFFERED_FOR.toNanos();
        final ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            final List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                running.add(senders.submit(() -> {
                    while (System.nanoTime() < end) {
                        final int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        (status == 422 ? served : status == 429 ? limited : other).incrementAndGet();
                    }
                    return null;
                }));
            }
            for (final Future<?> sender : running) {
                sender.get();
            }
        } finally {
            senders.shutdownNow();
        }
        final double elapsed = (System.nanoTime() - start) / 1e9;

        // Then the bucket served the burst plus per_second for each second, refused the rest 429, and nothing else
        final double acceptedPerSecond = (served.get() - BURST) / elapsed;
        System.out.printf("rate limit: offered %.0f req/s for %.1f s; served %d (%.1f/s after the burst of %d; "
                        + "setting %d/s), 429 %d, other %d%n", (served.get() + limited.get() + other.get()) / elapsed,
                elapsed, served.get(), acceptedPerSecond, BURST, PER_SECOND, limited.get(), other.get());
        assertThat(other.get()).as("answers other than 422 (served) and 429").isZero();
        assertThat(limited.get()).as("the load must exceed the limit for the figure to mean anything")
                .isGreaterThan(served.get());
        assertThat(acceptedPerSecond).isBetween(PER_SECOND * 0.85, PER_SECOND * 1.15);
    }
}
