package org.opencdp.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The supervisor's back-off: what it says, when it restarts a part that keeps exiting, and when it forgives. */
class SupervisorTest {

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-12-04T10:00:00Z");

        void advance(final Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(final java.time.ZoneId zone) {
            return this;
        }
    }

    private final TestClock clock = new TestClock();
    private final AtomicBoolean alive = new AtomicBoolean(true);
    private final AtomicInteger restarts = new AtomicInteger();
    private final List<String> said = new ArrayList<>();
    private final Supervisor.Part projector = new Supervisor.Part("profile-projector", alive::get, () -> {
        restarts.incrementAndGet();
        alive.set(true);
    });
    private final Supervisor supervisor = new Supervisor(List.of(projector), said::add, () -> { }, clock);

    @Test
    void shouldRestartAPartThatExitsAfterOneSecond() throws Exception {
        // Given a running part that exits
        supervisor.check();
        alive.set(false);
        // When the supervisor looks, then again before and after one second
        supervisor.check();
        clock.advance(Duration.ofMillis(900));
        supervisor.check();
        final int before = restarts.get();
        clock.advance(Duration.ofMillis(100));
        supervisor.check();
        // Then it said so, waited one second, restarted it once and said it is back
        assertThat(before).isZero();
        assertThat(restarts.get()).isEqualTo(1);
        assertThat(said).containsExactly("cdp: profile-projector exited; restarting it in 1 s",
                "cdp: profile-projector is back");
    }

    @Test
    void shouldDoubleTheBackOffWhileThePartKeepsExitingUpToThirtySeconds() throws Exception {
        // Given a part that exits again each time it is restarted
        final List<Long> waits = new ArrayList<>();
        for (int exit = 0; exit < 7; exit++) {
            alive.set(false);
            supervisor.check();
            final String line = said.get(said.size() - 1);
            waits.add(Long.parseLong(line.replaceAll(".*restarting it in (\\d+) s", "$1")));
            // When each back-off passes
            clock.advance(Duration.ofSeconds(waits.get(waits.size() - 1)));
            supervisor.check();
        }
        // Then each wait is twice the last, up to 30 s
        assertThat(waits).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L);
        assertThat(restarts.get()).isEqualTo(7);
    }

    @Test
    void shouldGoBackToOneSecondOnceThePartStayedUpAMinute() throws Exception {
        // Given a part restarted twice (the next wait would be 4 s)
        for (int exit = 0; exit < 2; exit++) {
            alive.set(false);
            supervisor.check();
            clock.advance(Duration.ofSeconds(2));
            supervisor.check();
        }
        // When it then stays up for a minute, and exits
        clock.advance(Duration.ofSeconds(60));
        supervisor.check();
        alive.set(false);
        supervisor.check();
        // Then the wait is one second again
        assertThat(said.get(said.size() - 1)).isEqualTo("cdp: profile-projector exited; restarting it in 1 s");
    }

    @Test
    void shouldSayWhenARestartFailsAndTryAgainLater() throws Exception {
        // Given a part whose restart fails
        final List<String> lines = new ArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();
        final Supervisor failing = new Supervisor(List.of(new Supervisor.Part("kafka", () -> false, () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("Kafka is not ready after PT1M30S\nend of log");
        })), lines::add, () -> { }, clock);
        // When the supervisor looks, the back-off passes, and the next one too
        failing.check();
        clock.advance(Duration.ofSeconds(1));
        failing.check();
        clock.advance(Duration.ofSeconds(2));
        failing.check();
        // Then each failure is said in one line, with the next attempt's wait
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(lines).containsExactly("cdp: kafka exited; restarting it in 1 s",
                "cdp: kafka did not start again (Kafka is not ready after PT1M30S); next attempt in 2 s",
                "cdp: kafka did not start again (Kafka is not ready after PT1M30S); next attempt in 4 s");
    }
}
