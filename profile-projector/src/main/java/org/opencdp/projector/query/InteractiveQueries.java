package org.opencdp.projector.query;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import org.jboss.logging.Logger;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.Profile;
import org.opencdp.avro.PropertyDefinitionEntry;
import org.opencdp.platform.http.RequestIdFilter;
import org.opencdp.projector.topology.FoldedOffsets;
import org.opencdp.schemas.ConsistencyToken;

/**
 * Answers a query on any instance: reads the local store when this instance holds the data, forwards to one
 * that does otherwise. While nobody can answer (starting, rebalancing) it tries again after a pause, a
 * bounded number of times; while the store is behind the caller's consistency token it waits for the fold to
 * reach the token's offset ({@link FoldedOffsets}) and looks again, until the consistency wait runs out. It never holds a thread while it waits: pauses are Mutiny delays, and whatever
 * completes elsewhere (the HTTP client, the Kafka admin client) is resumed on the application's worker pool.
 */
@ApplicationScoped
public class InteractiveQueries {

    private static final Logger LOG = Logger.getLogger(InteractiveQueries.class);
    /** A read waiting for the fold looks again after this many consistency polls even if not woken. */
    private static final int WAKE_UP_FALLBACK_POLLS = 10;

    private final ProfileStore profiles;
    private final CatalogStore catalog;
    private final QueryForwarder forwarder;
    private final CommandLog commandLog;
    private final FoldedOffsets folded;
    private final int attempts;
    private final Duration retryBackoff;
    private final Duration consistencyWait;
    private final Duration consistencyPoll;

    InteractiveQueries(final ProfileStore profiles, final CatalogStore catalog, final QueryForwarder forwarder,
                       final CommandLog commandLog, final FoldedOffsets folded, final QuerySettings settings) {
        this.folded = folded;
        this.profiles = profiles;
        this.catalog = catalog;
        this.forwarder = forwarder;
        this.commandLog = commandLog;
        this.attempts = Math.max(1, settings.attempts());
        this.retryBackoff = settings.retryBackoff();
        this.consistencyWait = settings.consistencyWait();
        this.consistencyPoll = settings.consistencyPoll();
    }

    /** The customer's profile (empty when there is none), once it reflects the write {@code after} names. */
    Uni<Answer<Optional<Profile>>> profile(final CustomerKey key, final ConsistencyToken after, final IncomingQuery request) {
        final String path = "/customers/" + encode(key.getCustomerId())
                + (after.isEmpty() ? "" : "?after=" + encode(after.toString()));
        return new Run<>(() -> profiles.lookup(key, after), path, request, after).attempt();
    }

    /** The workspace's property catalog, by name. */
    Uni<Answer<List<PropertyDefinitionEntry>>> catalog(final String workspaceId, final IncomingQuery request) {
        return new Run<>(() -> catalog.lookup(workspaceId), "/properties", request, ConsistencyToken.NONE).attempt();
    }

    /**
     * Any other lookup that one instance answers (the identity index): read here or forwarded to
     * {@code forwardPath} on the instance that holds the data, with the same retries.
     */
    <T> Uni<Answer<T>> query(final Supplier<Lookup<T>> lookup, final String forwardPath, final IncomingQuery request) {
        return new Run<>(lookup, forwardPath, request, ConsistencyToken.NONE).attempt();
    }

    /** One query's tries: how many so far, until when it may wait for its token, whether the token was checked. */
    private final class Run<T> {

        private final Supplier<Lookup<T>> lookup;
        private final String forwardPath;
        private final IncomingQuery request;
        private final ConsistencyToken after;
        private final long deadline;
        private int attempt = 1;
        private boolean tokenChecked;
        private boolean waited;

        Run(final Supplier<Lookup<T>> lookup, final String forwardPath, final IncomingQuery request,
            final ConsistencyToken after) {
            this.lookup = lookup;
            this.forwardPath = forwardPath;
            this.request = request;
            this.after = after;
            this.deadline = System.nanoTime() + consistencyWait.toNanos();
        }

        /** Reads the store on a worker thread: a RocksDB read may block (compaction, a store being restored). */
        Uni<Answer<T>> attempt() {
            return Uni.createFrom().item(lookup::get)
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .chain(this::answer);
        }

        private Uni<Answer<T>> answer(final Lookup<T> lookedUp) {
            return switch (lookedUp) {
                case Lookup.Found<T> found -> done(new Answer.Local<>(found.value()));
                // A forwarded query that is not ours either: ownership moved; ask again rather than bounce it on.
                case Lookup.HeldBy<T> held when request.forwarded() ->
                        retry(new Answer.Unavailable<>("forwarded here, but held by " + held.host()));
                case Lookup.HeldBy<T> held -> resumed(() -> forwarder.<T>forward(held.host(), forwardPath, request,
                                after.isEmpty() ? Duration.ZERO : consistencyWait))
                        .chain(answer -> answer instanceof Answer.Unavailable<T> ? retry(answer) : done(answer));
                case Lookup.Unavailable<T> unavailable -> retry(new Answer.Unavailable<>(unavailable.reason()));
                case Lookup.Behind<T> behind -> behind(behind);
            };
        }

        private Uni<Answer<T>> retry(final Answer<T> unavailable) {
            if (attempt >= attempts) {
                LOG.debugf("Request %s: %s unavailable after %d tries: %s",
                        request.passedHeaders().get(RequestIdFilter.HEADER), forwardPath, attempt, unavailable);
                return done(unavailable);
            }
            attempt++;
            return later(retryBackoff);
        }

        /**
         * Waits for the fold and looks again until the deadline. Still behind after a first wait, it checks once
         * that the token can name a write at all: a token just handed out is nearly always folded by then, so
         * the broker is asked only for the rare token that is late or made up.
         */
        private Uni<Answer<T>> behind(final Lookup.Behind<T> behind) {
            final Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (!tokenChecked && waited) {
                tokenChecked = true;
                return resumed(() -> commandLog.impossibility(after, left.isNegative() ? Duration.ZERO : left))
                        .chain(impossible -> impossible.isPresent()
                                ? done(new Answer.ImpossibleToken<>(impossible.get()))
                                : behind(behind));
            }
            if (left.isNegative() || left.isZero()) {
                return done(new Answer.NotCaughtUp<>("partition " + behind.partition() + " has not reached offset " + behind.offset()));
            }
            if (folded.reached(behind.partition(), behind.offset())) {
                // Folded, yet not visible in the store's position: a command that wrote no profile; the commit
                // of the offsets shows it within the commit interval.
                return later(consistencyPoll.compareTo(left) < 0 ? consistencyPoll : left);
            }
            // Woken by the fold when it reaches the offset; looks again after the fallback at the latest.
            waited = true;
            final Duration fallback = consistencyPoll.multipliedBy(WAKE_UP_FALLBACK_POLLS);
            return resumed(() -> folded.await(behind.partition(), behind.offset(), fallback.compareTo(left) < 0 ? fallback : left))
                    .chain(ignored -> attempt());
        }

        private Uni<Answer<T>> later(final Duration delay) {
            return Uni.createFrom().item(delay).onItem().delayIt().by(delay).onItem().transformToUni(ignored -> attempt());
        }
    }

    /** A stage that completes on a foreign thread, continued on the worker pool (the application's class loader). */
    private static <T> Uni<T> resumed(final Supplier<CompletionStage<T>> stage) {
        return Uni.createFrom().completionStage(stage).emitOn(Infrastructure.getDefaultWorkerPool());
    }

    private static <T> Uni<T> done(final T answer) {
        return Uni.createFrom().item(answer);
    }

    private static String encode(final String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
