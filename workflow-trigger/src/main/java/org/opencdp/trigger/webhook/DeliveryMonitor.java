package org.opencdp.trigger.webhook;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What readiness knows about delivery: each task reports, at the end of every round that ran to completion,
 * when that was and when its earliest delivery or expiry is due. Delivery is stuck when some task has not
 * completed a round for {@code stuckAfter} while it has something due: its rounds keep failing, or its thread
 * is blocked. Thread-safe: tasks report from stream threads, readiness reads from HTTP threads.
 */
public final class DeliveryMonitor {

    /** One task's last completed round, and the earliest schedule entry it then had (Long.MAX_VALUE: none). */
    private record Round(long completedAt, long nextDueAt) {
    }

    private final Map<String, Round> rounds = new ConcurrentHashMap<>();
    private final Duration stuckAfter;
    private final LongSupplier clock;

    public DeliveryMonitor(final Duration stuckAfter, final LongSupplier clock) {
        this.stuckAfter = stuckAfter;
        this.clock = clock;
    }

    /** A task started delivering: it counts as having completed a round now (with nothing known due). */
    public void started(final String task, final long now) {
        rounds.put(task, new Round(now, now));
    }

    public void completed(final String task, final long now, final long nextDueAt) {
        rounds.put(task, new Round(now, nextDueAt));
    }

    /** A task left this instance (rebalance, shutdown): its partitions are someone else's now. */
    public void stopped(final String task) {
        rounds.remove(task);
    }

    /** The task that is stuck, if any: no round completed for {@code stuckAfter} while something was due. */
    public Optional<String> stuck() {
        final long now = clock.getAsLong();
        return rounds.entrySet().stream()
                .filter(e -> now - e.getValue().completedAt() > stuckAfter.toMillis()
                        && e.getValue().nextDueAt() <= now)
                .map(Map.Entry::getKey)
                .sorted()
                .findFirst();
    }
}
