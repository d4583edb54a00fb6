package org.opencdp.projector.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.opencdp.projector.Commands.command;
import static org.opencdp.projector.Commands.event;
import static org.opencdp.projector.Commands.fields;
import static org.opencdp.projector.Commands.upsert;
import static org.opencdp.projector.ProjectorHttp.DEMO;
import static org.opencdp.projector.ProjectorHttp.request;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.UpsertAttributes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencdp.projector.CommandProducer;
import org.opencdp.projector.ProjectorHttp;
import org.opencdp.projector.ProjectorInfrastructure;
import org.opencdp.projector.WithCommandProducer;
import org.opencdp.platform.query.LocalStores;

/** {@code GET /customers/{id}?after=<token>}: a read given a write's consistency token sees that write. */
@QuarkusTest
@QuarkusTestResource(ProjectorInfrastructure.class)
class ReadYourWritesIT extends WithCommandProducer {

    private static final Instant T1 = Instant.parse("2024-06-01T08:00:00Z");
    private static final Instant T2 = Instant.parse("2024-06-01T08:00:03Z");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void projectorRunning() {
        ProjectorHttp.awaitReady();
    }

    private static String token(final RecordMetadata written) {
        return written.partition() + ":" + written.offset();
    }

    @Test
    void shouldAnswerWithTheWriteTheTokenNames() {
        // Given
        final String id = "ryw-" + RUN + "-1";
        producer.send(upsert(id, "r1", T1, fields("plan", "free")));
        final RecordMetadata written = producer.send(upsert(id, "r2", T2, fields("plan", "pro")));
        // When: asked at once, with no retry of our own
        final Response response = request(DEMO).queryParam("after", token(written)).get("/customers/{id}", id);
        // Then
        response.then().statusCode(200)
                .body("attributes.plan.value", equalTo("pro"))
                .body("last_request_id", equalTo("r2"))
                .body("revision", equalTo(2));
    }

    @Test
    void shouldIgnoreEntriesForOtherPartitions() {
        // Given
        final String id = "ryw-" + RUN + "-2";
        final RecordMetadata written = producer.send(upsert(id, "r1", T1, fields("plan", "pro")));
        final int other = (written.partition() + 1) % ProjectorInfrastructure.PARTITIONS;
        final String token = written.partition() < other
                ? token(written) + "," + other + ":999999999"
                : other + ":999999999," + token(written);
        // When
        final Response response = request(DEMO).queryParam("after", token).get("/customers/{id}", id);
        // Then
        response.then().statusCode(200).body("attributes.plan.value", equalTo("pro"));
    }

    @Test
    void shouldAnswerATokenWhoseWriteLeftTheProfileAsItWas() {
        // Given: an event is folded without writing the profile store, so the store's position stays behind it
        final String id = "ryw-" + RUN + "-3";
        producer.send(upsert(id, "r1", T1, fields("plan", "pro")));
        final RecordMetadata written = producer.send(event(id, "r2", T2, "signup", Map.of("coupon", "WELCOME")));
        // When
        final Instant asked = Instant.now();
        final Response response = request(DEMO).queryParam("after", token(written)).get("/customers/{id}", id);
        // Then: answered once the event's offset is committed, well within the consistency wait
        response.then().statusCode(200).body("attributes.plan.value", equalTo("pro"));
        assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void shouldAnswer404OnceTheTokenIsReachedForACustomerThatDoesNotExist() {
        // Given
        final RecordMetadata written = producer.send(upsert("ryw-" + RUN + "-4", "r1", T1, fields("plan", "pro")));
        // When: a customer never written, with another's token (ignored when their partitions differ)
        final Response response = request(DEMO).queryParam("after", token(written)).get("/customers/{id}", "ryw-" + RUN + "-absent");
        // Then
        response.then().statusCode(404).body("message", equalTo("customer not found"));
    }

    @Test
    void shouldFindASubscriberByEmailRightAfterItsWriteWithItsToken() {
        // Given: Retently subscribers, each keyed by its email; the index learns the email only from the fold's
        // identity note, which the workspace's resolver folds after the fold has committed
        for (int i = 0; i < 5; i++) {
            final String email = "ryw-" + RUN + "-sub" + i + "@example.com";
            final RecordMetadata written = producer.send(command(email, "rs" + i, T1, ApiFamily.RETENTLY,
                    new UpsertAttributes(new HashMap<>(fields("first_name", "Cy" + i)), new HashMap<>())));
            // When: asked by email at once, with no retry of our own, in the parameter or the header
            final Response response = i % 2 == 0
                    ? request(DEMO).queryParam("after", token(written)).queryParam("email", email).get("/customers")
                    : request(DEMO).header("X-Consistency-Token", token(written)).queryParam("email", email).get("/customers");
            // Then
            response.then().statusCode(200)
                    .body("customer_id", equalTo(email))
                    .body("attributes.first_name.value", equalTo("Cy" + i));
        }
    }

    @Test
    void shouldRefuseAnEmailReadWithATokenBeyondTheEndOfThePartition() {
        // Given
        final String email = "ryw-" + RUN + "-far@example.com";
        final RecordMetadata written = producer.send(command(email, "rf", T1, ApiFamily.RETENTLY,
                new UpsertAttributes(new HashMap<>(fields("first_name", "Far")), new HashMap<>())));
        // When
        final Instant asked = Instant.now();
        final Response response = request(DEMO).queryParam("after", written.partition() + ":" + (written.offset() + 1_000_000))
                .queryParam("email", email).get("/customers");
        // Then: refused, not held for the consistency wait
        response.then().statusCode(400).body("message", containsString("nothing was written there yet"));
        assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void shouldRefuseAMalformedToken() {
        request(DEMO).queryParam("after", "0:12,1:four").get("/customers/{id}", "ryw-" + RUN + "-1").then()
                .statusCode(400)
                .body("message", containsString("partition:offset"))
                .body("request_id", not(equalTo(null)));
        request(DEMO).queryParam("after", "0:-3").get("/customers/{id}", "ryw-" + RUN + "-1").then()
                .statusCode(400)
                .body("request_id", not(equalTo(null)));
    }

    @Test
    void shouldRefuseATokenBeyondTheEndOfThePartition() {
        // Given
        final String id = "ryw-" + RUN + "-5";
        final RecordMetadata written = producer.send(upsert(id, "r1", T1, fields("plan", "pro")));
        // When: an offset nothing was written at yet
        final Instant asked = Instant.now();
        final Response response = request(DEMO).queryParam("after", written.partition() + ":" + (written.offset() + 1_000_000))
                .get("/customers/{id}", id);
        // Then: refused at once, not after the consistency wait
        response.then().statusCode(400)
                .body("message", containsString("nothing was written there yet"))
                .body("request_id", not(equalTo(null)));
        assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void shouldCheckCredentialsBeforeTheToken() {
        request().queryParam("after", "garbage").get("/customers/{id}", "1").then().statusCode(401);
    }

    @Test
    void shouldKeepFoldingWhileReadsRaceTheWrites() throws Exception {
        // Given: readers asking for the latest write, as fast as they can, while the writes flow (an IQv2 key
        // query racing the stream thread's put could deadlock both for good: KAFKA-19629, LocalStores)
        final String prefix = "ryw-" + RUN + "-race-";
        final AtomicReference<String> latest = new AtomicReference<>();
        final AtomicBoolean writing = new AtomicBoolean(true);
        final ExecutorService readers = Executors.newFixedThreadPool(4);
        for (int r = 0; r < 4; r++) {
            readers.submit(() -> {
                while (writing.get()) {
                    final String last = latest.get();
                    if (last != null) {
                        final String[] idAndToken = last.split(" ");
                        request(DEMO).queryParam("after", idAndToken[1]).get("/customers/{id}", idAndToken[0]);
                    }
                }
                return null;
            });
        }
        // When: 1,500 writes over 50 customers (to a property of its own: the demo catalog is shared with other ITs)
        RecordMetadata written = null;
        String id = null;
        try {
            for (int i = 0; i < 1_500; i++) {
                id = prefix + (i % 50);
                written = producer.send(upsert(id, "race-" + i, T1.plusMillis(i), fields("race_" + RUN, (long) i)));
                latest.set(id + " " + token(written));
            }
        } finally {
            writing.set(false);
            readers.shutdown();
            assertThat(readers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        // Then: the projector folded every write (a frozen stream thread would leave the last one unreadable)
        request(DEMO).queryParam("after", token(written)).get("/customers/{id}", id).then()
                .statusCode(200)
                .body("last_request_id", equalTo("race-1499"));
    }
}
