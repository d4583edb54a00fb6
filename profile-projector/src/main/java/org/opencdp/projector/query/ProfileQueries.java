package org.opencdp.projector.query;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Answers a profile query on any instance: reads the local store when this instance owns the key,
 * forwards to the owner otherwise. While no owner can answer (starting, rebalancing), it tries again
 * after a pause, a bounded number of times, without holding a thread while it waits.
 */
@ApplicationScoped
public class ProfileQueries {

    private final ProfileStore store;
    private final ProfileForwarder forwarder;
    private final int attempts;
    private final Executor afterBackoff;

    ProfileQueries(final ProfileStore store, final ProfileForwarder forwarder, final QuerySettings settings) {
        this.store = store;
        this.forwarder = forwarder;
        this.attempts = Math.max(1, settings.attempts());
        this.afterBackoff = CompletableFuture.delayedExecutor(settings.retryBackoff().toMillis(), TimeUnit.MILLISECONDS);
    }

    CompletionStage<Answer> find(final IncomingQuery query) {
        return attempt(query, 1);
    }

    private CompletionStage<Answer> attempt(final IncomingQuery query, final int attempt) {
        return once(query).thenCompose(answer -> answer instanceof Answer.Unavailable && attempt < attempts
                ? CompletableFuture.supplyAsync(() -> query, afterBackoff).thenCompose(q -> attempt(q, attempt + 1))
                : CompletableFuture.completedFuture(answer));
    }

    private CompletionStage<Answer> once(final IncomingQuery query) {
        return switch (store.lookup(query.key())) {
            case Lookup.Found found -> done(new Answer.Local(Optional.of(found.profile())));
            case Lookup.Absent ignored -> done(new Answer.Local(Optional.empty()));
            // A forwarded query that is not ours either: ownership moved; ask again rather than bounce it on.
            case Lookup.OwnedBy owned when query.forwarded() -> done(new Answer.Unavailable("forwarded here, but owned by " + owned.host()));
            case Lookup.OwnedBy owned -> forwarder.forward(owned.host(), query);
            case Lookup.Unavailable unavailable -> done(new Answer.Unavailable(unavailable.reason()));
        };
    }

    private static CompletionStage<Answer> done(final Answer answer) {
        return CompletableFuture.completedFuture(answer);
    }
}
