package org.opencdp.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class TransientFailureRecoveryTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final List<Duration> waits = new ArrayList<>();
    private Instant now = T0;
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(final java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final TransientFailureRecovery recovery = new TransientFailureRecovery(Duration.ofMillis(500),
            Duration.ofSeconds(4), clock, d -> {
                waits.add(d);
                now = now.plus(d);
            });

    private static Throwable registryDown() {
        return new StreamsException("Exception caught in process. taskId=0_1",
                new RetriableException("the schema registry at http://127.0.0.1:1 is unreachable") { });
    }

    @Test
    void shouldReplaceTheThreadAfterABackOffThatDoublesUpToItsBoundOnTransientFailures() {
        // When: five transient failures in a row
        final List<StreamThreadExceptionResponse> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            answers.add(recovery.handle(registryDown()));
        }

        // Then
        assertThat(answers).containsOnly(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(4));
    }

    @Test
    void shouldReplaceTheThreadWhenTheCoordinatorAbortedItsTransactionWhileTheProcessWasPaused() {
        // When: the commit after a pause longer than the transaction timeout fails (as the projector's did after a
        // 20 s SIGSTOP: the coordinator had aborted the transaction), or the producer's epoch was bumped for it
        final StreamThreadExceptionResponse aborted = recovery.handle(new StreamsException(
                "Error encountered trying to commit a transaction [stream-thread [main]]",
                new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state.")));
        final StreamThreadExceptionResponse bumped = recovery.handle(new StreamsException(
                "Error encountered trying to commit a transaction", new InvalidProducerEpochException("epoch bumped")));

        // Then: the thread is replaced (its records are read again), not the whole client shut down
        assertThat(aborted).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(bumped).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void shouldShutTheClientDownOnAnExceptionThatIsNotTransient() {
        // When
        final StreamThreadExceptionResponse answer = recovery.handle(
                new StreamsException("Exception caught in process", new SerializationException("not Avro")));

        // Then
        assertThat(answer).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(waits).isEmpty();
        assertThat(recovery.unavailability()).isEmpty();
    }

    @Test
    void shouldReportUnavailableFromATransientFailureUntilRunningForTheSettlingTimeSince() {
        // Given: available before any failure
        recovery.onChange(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
        assertThat(recovery.unavailability()).isEmpty();

        // When: a transient failure (the handler waits 500 ms), then the replacement thread rebalances
        recovery.handle(registryDown());
        recovery.onChange(KafkaStreams.State.REBALANCING, KafkaStreams.State.RUNNING);
        now = now.plus(Duration.ofMinutes(1));

        // Then: unavailable, naming the cause, however long it takes
        assertThat(recovery.unavailability()).hasValueSatisfying(r -> assertThat(r).contains("unreachable"));

        // When: running again
        recovery.onChange(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
        final Instant running = now;

        // Then: unavailable for the settling time, then available
        now = running.plus(TransientFailureRecovery.SETTLING).minusMillis(1);
        assertThat(recovery.unavailability()).isPresent();
        now = running.plus(TransientFailureRecovery.SETTLING);
        assertThat(recovery.unavailability()).isEmpty();
    }

    @Test
    void shouldStartTheBackOffAgainForAnOutageLongAfterTheLastOne() {
        // Given: three failures, then a long quiet time
        recovery.handle(registryDown());
        recovery.handle(registryDown());
        recovery.handle(registryDown());
        now = now.plus(Duration.ofMinutes(5));

        // When
        recovery.handle(registryDown());

        // Then
        assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofMillis(500));
    }
}
