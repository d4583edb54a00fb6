package org.opencdp.projector.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How far this instance has folded each partition of customer-commands, and who waits for an offset: the fold
 * records each command's offset once it is processed, and a read waiting for its consistency token is woken
 * then instead of looking again on a timer (polling every waiting read was the projector's main load in the
 * benchmark, docs/benchmark.md). A hint, not the proof: the reader still checks the store itself.
 */
public final class FoldedOffsets {

    /** One partition: the highest offset folded, and the waiters by the offset they wait for. */
    private static final class Partition {
        private volatile long folded = -1;
        private final NavigableMap<Long, List<CompletableFuture<Boolean>>> waiting = new TreeMap<>();

        void record(final long offset) {
            if (offset <= folded) {
                return;
            }
            folded = offset;
            final List<CompletableFuture<Boolean>> due = new ArrayList<>();
            synchronized (this) {
                if (waiting.isEmpty()) {
                    return;
                }
                final NavigableMap<Long, List<CompletableFuture<Boolean>>> reached = waiting.headMap(offset, true);
                reached.values().forEach(due::addAll);
                reached.clear();
            }
            due.forEach(waiter -> waiter.complete(true));
        }

        CompletableFuture<Boolean> await(final long offset, final Duration timeout) {
            final CompletableFuture<Boolean> waiter = new CompletableFuture<>();
            synchronized (this) {
                if (folded >= offset) {
                    return CompletableFuture.completedFuture(true);
                }
                waiting.computeIfAbsent(offset, o -> new ArrayList<>()).add(waiter);
            }
            waiter.completeOnTimeout(false, timeout.toNanos(), TimeUnit.NANOSECONDS).thenAccept(reached -> {
                if (!reached) {
                    forget(offset, waiter);
                }
            });
            return waiter;
        }

        private synchronized void forget(final long offset, final CompletableFuture<Boolean> waiter) {
            final List<CompletableFuture<Boolean>> waiters = waiting.get(offset);
            if (waiters != null && waiters.remove(waiter) && waiters.isEmpty()) {
                waiting.remove(offset);
            }
        }
    }

    private final Map<Integer, Partition> partitions = new ConcurrentHashMap<>();

    /** The fold processed {@code offset} of {@code partition} (called by the stream thread, once per command). */
    public void record(final int partition, final long offset) {
        partitions.computeIfAbsent(partition, p -> new Partition()).record(offset);
    }

    /** Whether {@code offset} of {@code partition} has been folded here. */
    public boolean reached(final int partition, final long offset) {
        final Partition folded = partitions.get(partition);
        return folded != null && folded.folded >= offset;
    }

    /**
     * Completes with true once {@code offset} of {@code partition} is folded here (at once if it was), or with
     * false after {@code timeout}. Never completes on the caller's thread later than that.
     */
    public CompletableFuture<Boolean> await(final int partition, final long offset, final Duration timeout) {
        return partitions.computeIfAbsent(partition, p -> new Partition()).await(offset, timeout);
    }

    /** How many reads wait on {@code partition} (for tests and metrics). */
    int waiting(final int partition) {
        final Partition folded = partitions.get(partition);
        if (folded == null) {
            return 0;
        }
        synchronized (folded) {
            return folded.waiting.values().stream().mapToInt(List::size).sum();
        }
    }
}
