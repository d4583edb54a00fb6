package org.opencdp.projector.query;

import static org.opencdp.projector.Times.T1;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.opencdp.platform.kafka.KafkaClients;
import org.opencdp.projector.topology.FoldedOffsets;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.Profile;
import org.opencdp.schemas.ConsistencyToken;
import org.opencdp.schemas.serde.InMemorySchemaRegistry;
import org.opencdp.platform.query.Answer;
import org.opencdp.platform.query.Lookup;
import org.opencdp.platform.query.IncomingQuery;
import org.opencdp.platform.query.InstanceAddress;
import org.opencdp.platform.query.QueryEngine;
import org.opencdp.platform.query.QueryForwarder;

/** The tries of a query: bounded retries while nobody can answer, a bounded wait while behind a token. */
class InteractiveQueriesTest {

    private static final CustomerKey KEY = new CustomerKey("demo", "c1");
    private static final ConsistencyToken TOKEN = ConsistencyToken.parse("0:7");
    private static final Profile PROFILE = new Profile("demo", "c1", Map.of(), T1, T1, "r1", 1L, List.of(), List.of(), List.of(), List.of(), null, null, null);
    private static final InstanceAddress SELF = new InstanceAddress("localhost:1");
    private static final IncomingQuery DIRECT = new IncomingQuery(Map.of(), false);
    private static final IncomingQuery FORWARDED = new IncomingQuery(Map.of(), true);

    private record Settings(int attempts, Duration consistencyWait) implements QuerySettings {

        @Override
        public Duration retryBackoff() {
            return Duration.ofMillis(5);
        }

        @Override
        public Duration forwardTimeout() {
            return Duration.ofSeconds(1);
        }

        @Override
        public Duration consistencyPoll() {
            return Duration.ofMillis(5);
        }
    }

    /** Answers the lookups it was given, in order, then the last one for ever. */
    private static final class ScriptedStore extends ProfileStore {

        private final Deque<Lookup<Optional<Profile>>> script;
        private int lookups;

        @SafeVarargs
        ScriptedStore(final Lookup<Optional<Profile>>... script) {
            super(null, new InMemorySchemaRegistry(), SELF);
            this.script = new ArrayDeque<>(List.of(script));
        }

        @Override
        Lookup<Optional<Profile>> lookup(final CustomerKey key, final ConsistencyToken after) {
            lookups++;
            return script.size() > 1 ? script.poll() : script.peek();
        }
    }

    /** The broker's verdict on a token, without a broker. */
    private static final class FixedLog extends CommandLog {

        private final Optional<String> verdict;
        private int checks;

        FixedLog(final Optional<String> verdict) {
            super(KafkaClients.of("localhost:1"), "opencdp-profile-projector");
            this.verdict = verdict;
        }

        @Override
        CompletionStage<Optional<String>> impossibility(final ConsistencyToken token, final Duration timeout) {
            checks++;
            return CompletableFuture.completedFuture(verdict);
        }
    }

    private static Answer<Optional<Profile>> ask(final ProfileStore store, final CommandLog log, final Settings settings,
                                                 final IncomingQuery request, final ConsistencyToken after) {
        // No identity store: these reads name customer-commands positions only.
        final InteractiveQueries queries = new InteractiveQueries(store, null, new CatalogStore(null, SELF, store),
                new QueryEngine(new QueryForwarder(settings.forwardTimeout(), SELF), settings.attempts(),
                        settings.retryBackoff()), log, new FoldedOffsets(), settings, 100);
        return queries.profile(KEY, after, request).await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void shouldAnswerOnceTheStoreCatchesUpWithTheToken() {
        // Given
        final ScriptedStore store = new ScriptedStore(new Lookup.Behind<>(0, 7), new Lookup.Behind<>(0, 7),
                new Lookup.Found<>(Optional.of(PROFILE)));
        final FixedLog log = new FixedLog(Optional.empty());
        // When
        final Answer<Optional<Profile>> answer = ask(store, log, new Settings(3, Duration.ofSeconds(5)), DIRECT, TOKEN);
        // Then
        assertThat(answer).isEqualTo(new Answer.Local<>(Optional.of(PROFILE)));
        assertThat(store.lookups).isEqualTo(3);
        assertThat(log.checks).isEqualTo(1);
    }

    @Test
    void shouldSayNotCaughtUpWhenTheWaitRunsOut() {
        // Given
        final ScriptedStore store = new ScriptedStore(new Lookup.Behind<>(0, 7));
        final Instant asked = Instant.now();
        // When
        final Answer<Optional<Profile>> answer = ask(store, new FixedLog(Optional.empty()),
                new Settings(3, Duration.ofMillis(200)), DIRECT, TOKEN);
        // Then
        assertThat(answer).isInstanceOf(Answer.NotCaughtUp.class);
        assertThat(Duration.between(asked, Instant.now())).isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
        assertThat(store.lookups).isGreaterThan(2);
    }

    @Test
    void shouldRefuseATokenNoWriteCanHaveAfterOneWaitForTheFold() {
        // Given
        final ScriptedStore store = new ScriptedStore(new Lookup.Behind<>(0, 7));
        final FixedLog log = new FixedLog(Optional.of("beyond the end"));
        final Instant asked = Instant.now();
        // When
        final Answer<Optional<Profile>> answer = ask(store, log, new Settings(3, Duration.ofSeconds(5)), DIRECT, TOKEN);
        // Then: the broker is asked once, after the first wait, long before the consistency wait runs out
        assertThat(answer).isEqualTo(new Answer.ImpossibleToken<>("beyond the end"));
        assertThat(store.lookups).isEqualTo(2);
        assertThat(log.checks).isEqualTo(1);
        assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void shouldNotAskTheBrokerWhenTheFoldCatchesUpWithinTheFirstWait() {
        // Given
        final ScriptedStore store = new ScriptedStore(new Lookup.Behind<>(0, 7), new Lookup.Found<>(Optional.of(PROFILE)));
        final FixedLog log = new FixedLog(Optional.empty());
        // When
        final Answer<Optional<Profile>> answer = ask(store, log, new Settings(3, Duration.ofSeconds(5)), DIRECT, TOKEN);
        // Then
        assertThat(answer).isEqualTo(new Answer.Local<>(Optional.of(PROFILE)));
        assertThat(log.checks).isZero();
    }

    @Test
    void shouldGiveUpAfterTheAllowedTriesWhileNobodyCanAnswer() {
        // Given
        final ScriptedStore store = new ScriptedStore(new Lookup.Unavailable<>("rebalancing"));
        // When
        final Answer<Optional<Profile>> answer = ask(store, new FixedLog(Optional.empty()),
                new Settings(4, Duration.ofSeconds(5)), DIRECT, ConsistencyToken.NONE);
        // Then
        assertThat(answer).isEqualTo(new Answer.Unavailable<>("rebalancing"));
        assertThat(store.lookups).isEqualTo(4);
    }

    @Test
    void shouldNotForwardAgainAQueryThatWasForwardedHere() {
        // Given: ownership moved after the other instance forwarded the query
        final ScriptedStore store = new ScriptedStore(new Lookup.HeldBy<>(new HostInfo("localhost", 2)),
                new Lookup.Found<>(Optional.empty()));
        // When
        final Answer<Optional<Profile>> answer = ask(store, new FixedLog(Optional.empty()),
                new Settings(3, Duration.ofSeconds(5)), FORWARDED, ConsistencyToken.NONE);
        // Then: asked its own store again instead
        assertThat(answer).isEqualTo(new Answer.Local<>(Optional.empty()));
        assertThat(store.lookups).isEqualTo(2);
    }

    @Test
    void shouldWaitForTheLaterOfTwoTokensOnEachPartition() {
        // Given: a write's own token and the log's committed ends after an identity-routed write was resolved
        final ConsistencyToken own = ConsistencyToken.of(java.util.Map.of(0, 41L, 2, 17L));
        final ConsistencyToken ends = ConsistencyToken.of(java.util.Map.of(0, 30L, 1, 5L, 2, 90L));
        // When
        final ConsistencyToken latest = InteractiveQueries.latest(own, ends);
        // Then
        assertThat(latest.offsets()).isEqualTo(java.util.Map.of(0, 41L, 1, 5L, 2, 90L));
        assertThat(InteractiveQueries.latest(ConsistencyToken.NONE, ConsistencyToken.NONE).isEmpty()).isTrue();
    }
}
