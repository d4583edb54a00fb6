package org.opencdp.platform.kafka;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Read-your-writes over a {@link CompactedTopicFollower}: a route that wrote to a followed topic answers once this
 * instance's follower shows the write. Those waiting are checked whenever the follower applies records (pass
 * {@link #check} as its {@code onApplied}); nothing waits on a thread, and every wait ends after its timeout.
 */
public final class Visibility {

    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();

    private record Waiter(BooleanSupplier seen, CompletableFuture<Boolean> done) {
    }

    /** Completes with true once {@code seen} holds (checked now and after each applied batch), or false after {@code timeout}. */
    public CompletionStage<Boolean> await(final BooleanSupplier seen, final Duration timeout) {
        final Waiter waiter = new Waiter(seen, new CompletableFuture<>());
        waiters.add(waiter);
        check(waiter);
        return waiter.done().completeOnTimeout(false, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((result, failure) -> waiters.remove(waiter));
    }

    /** Completes every wait whose condition now holds: the follower's {@code onApplied}. */
    public void check() {
        waiters.forEach(Visibility::check);
    }

    private static void check(final Waiter waiter) {
        if (waiter.seen().getAsBoolean()) {
            waiter.done().complete(true);
        }
    }
}
