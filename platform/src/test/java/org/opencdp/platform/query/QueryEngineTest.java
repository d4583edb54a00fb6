package org.opencdp.platform.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.smallrye.mutiny.Uni;

import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueryEngineTest {

    private static final IncomingQuery DIRECT = new IncomingQuery(Map.of(), false);
    private static final IncomingQuery FORWARDED = new IncomingQuery(Map.of(), true);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final QueryForwarder forwarder = new QueryForwarder(Duration.ofSeconds(1), new InstanceAddress("localhost:1"));
    private final QueryEngine engine = new QueryEngine(forwarder, 3, Duration.ofMillis(10));

    @AfterEach
    void close() {
        forwarder.close();
    }

    @Test
    void shouldAnswerUnavailableAfterTheAllowedTriesWhenNobodyHoldsTheData() {
        // Given a store that nobody can read (rebalancing)
        final AtomicInteger looks = new AtomicInteger();

        // When a query asks for it
        final Answer<String> answer = engine.<String>query(() -> {
            looks.incrementAndGet();
            return new Lookup.Unavailable<>("rebalancing");
        }, "/things/1", DIRECT).await().atMost(WAIT);

        // Then it looked three times, then gave up
        assertThat(answer).isEqualTo(new Answer.Unavailable<String>("rebalancing"));
        assertThat(looks).hasValue(3);
    }

    @Test
    void shouldAnswerOnceTheStoreBecomesReadableWithinTheTries() {
        // Given a store readable from its second look
        final AtomicInteger looks = new AtomicInteger();

        // When a query asks for it
        final Answer<String> answer = engine.<String>query(() -> looks.incrementAndGet() < 2
                ? new Lookup.Unavailable<>("restoring") : new Lookup.Found<>("value"), "/things/1", DIRECT)
                .await().atMost(WAIT);

        // Then the second look answers
        assertThat(answer).isEqualTo(new Answer.Local<>("value"));
        assertThat(looks).hasValue(2);
    }

    @Test
    void shouldNotForwardAgainAQueryThatWasForwardedHere() {
        // Given data held by another instance, which cannot be reached (nothing listens on port 1)
        final HostInfo other = new HostInfo("localhost", 1);

        // When a forwarded query asks for it
        final Answer<String> answer = engine.<String>query(() -> new Lookup.HeldBy<>(other), "/things/1", FORWARDED)
                .await().atMost(WAIT);

        // Then it is not available here, and not bounced on
        assertThat(answer).isEqualTo(new Answer.Unavailable<String>("forwarded here, but held by " + other));
    }

    @Test
    void shouldRetryAnAttemptThatSpansInstancesUntilItAnswers() {
        // Given an attempt that is not available the first time
        final AtomicInteger tries = new AtomicInteger();

        // When it is run with the engine's retries
        final Answer<Integer> answer = engine.<Integer>retrying(() -> Uni.createFrom().item(tries.incrementAndGet() < 2
                ? new Answer.Unavailable<>("moving") : new Answer.Local<>(tries.get())), "/runs", DIRECT)
                .await().atMost(WAIT);

        // Then the second try's answer stands
        assertThat(answer).isEqualTo(new Answer.Local<>(2));
    }
}
