package org.opencdp.platform.query;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import org.apache.kafka.streams.state.HostInfo;
import org.jboss.logging.Logger;
import org.opencdp.platform.http.RequestIdFilter;

/**
 * The interactive-query engine every Streams service answers with: reads the local store when this instance
 * holds the data, forwards to the one that does otherwise ({@link QueryForwarder}, marked so that it is never
 * forwarded again). While nobody can answer (starting, rebalancing) it tries again after a pause, a bounded
 * number of times, then answers {@link Answer.Unavailable} (each service renders it as a 503 with Retry-After).
 * It never holds a thread while it waits: pauses are Mutiny delays, store reads run on the application's worker
 * pool, and whatever completes elsewhere (the HTTP client) is resumed there.
 */
public final class QueryEngine {

    private static final Logger LOG = Logger.getLogger(QueryEngine.class);

    private final QueryForwarder forwarder;
    private final int attempts;
    private final Duration retryBackoff;

    /**
     * @param attempts     tries, the first included, while the data has no available holder
     * @param retryBackoff pause between two tries
     */
    public QueryEngine(final QueryForwarder forwarder, final int attempts, final Duration retryBackoff) {
        this.forwarder = forwarder;
        this.attempts = Math.max(1, attempts);
        this.retryBackoff = retryBackoff;
    }

    /**
     * What a query does when this instance holds the data but has not caught up with what the caller asked
     * for ({@link Lookup.Behind}): an answer, or empty to look at the store again (the same try).
     */
    @FunctionalInterface
    public interface CatchUp<T> {

        /** For stores that are never behind: a {@link Lookup.Behind} is answered as not available, and retried. */
        static <T> CatchUp<T> never() {
            return behind -> done(Optional.of(new Answer.Unavailable<>(
                    "partition " + behind.partition() + " behind offset " + behind.offset())));
        }

        Uni<Optional<Answer<T>>> behind(Lookup.Behind<T> behind);
    }

    /** A lookup that one instance answers: read here or forwarded to {@code forwardPath} on the holder, with retries. */
    public <T> Uni<Answer<T>> query(final Supplier<Lookup<T>> lookup, final String forwardPath,
                                    final IncomingQuery request) {
        return query(lookup, forwardPath, request, Duration.ZERO, CatchUp.never());
    }

    /**
     * @param forwardPath already encoded, e.g. {@code /customers/42?after=0:17}
     * @param extraWait   how much longer than the forward timeout the holder may take (it may wait itself)
     * @param catchUp     what to do while this instance is behind
     */
    public <T> Uni<Answer<T>> query(final Supplier<Lookup<T>> lookup, final String forwardPath,
                                    final IncomingQuery request, final Duration extraWait, final CatchUp<T> catchUp) {
        return retrying(() -> look(lookup, forwardPath, request, extraWait, catchUp), forwardPath, request);
    }

    /**
     * Runs {@code attempt} again, after the back-off, while it answers {@link Answer.Unavailable}, at most the
     * tries allowed; the last answer stands. For queries that ask several instances at once.
     */
    public <T> Uni<Answer<T>> retrying(final Supplier<Uni<Answer<T>>> attempt, final String what,
                                       final IncomingQuery request) {
        return tries(attempt, what, request, 1);
    }

    /** Asks {@code owner} for {@code pathAndQuery}; the answer continues on the worker pool. */
    public <T> Uni<Answer<T>> forward(final HostInfo owner, final String pathAndQuery, final IncomingQuery request,
                                      final Duration extraWait) {
        return resumed(() -> forwarder.forward(owner, pathAndQuery, request, extraWait));
    }

    private <T> Uni<Answer<T>> tries(final Supplier<Uni<Answer<T>>> attempt, final String what,
                                     final IncomingQuery request, final int tried) {
        return attempt.get().chain(answer -> {
            if (!(answer instanceof Answer.Unavailable<T>)) {
                return done(answer);
            }
            if (tried >= attempts) {
                LOG.debugf("Request %s: %s unavailable after %d tries: %s",
                        request.passedHeaders().get(RequestIdFilter.HEADER), what, tried, answer);
                return done(answer);
            }
            return Uni.createFrom().item(retryBackoff).onItem().delayIt().by(retryBackoff)
                    .onItem().transformToUni(ignored -> tries(attempt, what, request, tried + 1));
        });
    }

    /** Reads the store on a worker thread: a RocksDB read may block (compaction, a store being restored). */
    private <T> Uni<Answer<T>> look(final Supplier<Lookup<T>> lookup, final String forwardPath,
                                    final IncomingQuery request, final Duration extraWait, final CatchUp<T> catchUp) {
        return onWorker(lookup).chain(found -> switch (found) {
            case Lookup.Found<T> local -> done(new Answer.Local<>(local.value()));
            // A forwarded query that is not ours either: ownership moved; ask again rather than bounce it on.
            case Lookup.HeldBy<T> held when request.forwarded() ->
                    done(new Answer.Unavailable<>("forwarded here, but held by " + held.host()));
            case Lookup.HeldBy<T> held -> this.<T>forward(held.host(), forwardPath, request, extraWait);
            case Lookup.Unavailable<T> unavailable -> done(new Answer.Unavailable<>(unavailable.reason()));
            case Lookup.Behind<T> behind -> catchUp.behind(behind).chain(answer -> answer.isPresent()
                    ? done(answer.get())
                    : look(lookup, forwardPath, request, extraWait, catchUp));
        });
    }

    /** {@code work} run on the worker pool (store reads may block). */
    public static <T> Uni<T> onWorker(final Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** A stage that completes on a foreign thread, continued on the worker pool (the application's class loader). */
    public static <T> Uni<T> resumed(final Supplier<CompletionStage<T>> stage) {
        return Uni.createFrom().completionStage(stage).emitOn(Infrastructure.getDefaultWorkerPool());
    }

    /** {@code item} after {@code delay}, without holding a thread. */
    public static <T> Uni<T> later(final Duration delay, final Supplier<Uni<T>> then) {
        return Uni.createFrom().item(delay).onItem().delayIt().by(delay).onItem().transformToUni(ignored -> then.get());
    }

    static <T> Uni<T> done(final T answer) {
        return Uni.createFrom().item(answer);
    }
}
