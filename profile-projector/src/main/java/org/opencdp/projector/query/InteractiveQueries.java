package org.opencdp.projector.query;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.Profile;
import org.opencdp.avro.PropertyDefinitionEntry;
import org.opencdp.platform.query.Answer;
import org.opencdp.platform.query.IncomingQuery;
import org.opencdp.platform.query.Lookup;
import org.opencdp.platform.query.QueryEngine;
import org.opencdp.projector.topology.FoldedOffsets;
import org.opencdp.schemas.ConsistencyToken;
import org.opencdp.schemas.ReadAfter;
import org.opencdp.schemas.Topics;

/**
 * The projector's queries on the platform's {@link QueryEngine} (read here or forwarded to the holder, bounded
 * retries). What the projector adds is the consistency token: while the store is behind the caller's token it
 * waits for the fold to reach the token's offset ({@link FoldedOffsets}) and looks again, until the consistency
 * wait runs out. It never holds a thread while it waits: pauses are Mutiny delays, and whatever completes
 * elsewhere (the Kafka admin client) is resumed on the application's worker pool.
 */
@ApplicationScoped
public class InteractiveQueries {

    /** A read waiting for the fold looks again after this many consistency polls even if not woken. */
    private static final int WAKE_UP_FALLBACK_POLLS = 10;

    private final ProfileStore profiles;
    private final IdentityStore identities;
    private final CatalogStore catalog;
    private final QueryEngine engine;
    private final CommandLog commandLog;
    private final FoldedOffsets folded;
    private final Duration consistencyWait;
    private final Duration consistencyPoll;
    /**
     * Pause between two asks for the fold's committed offsets ({@link #foldCommitted}): the consistency poll, or the
     * fold's commit interval if longer, since the offsets move only when the fold commits.
     */
    private final Duration committedPoll;

    InteractiveQueries(final ProfileStore profiles, final IdentityStore identities, final CatalogStore catalog,
                       final QueryEngine engine, final CommandLog commandLog, final FoldedOffsets folded,
                       final QuerySettings settings,
                       @ConfigProperty(name = "kafka-streams.commit.interval.ms") final long commitIntervalMs) {
        this.folded = folded;
        this.profiles = profiles;
        this.identities = identities;
        this.catalog = catalog;
        this.engine = engine;
        this.commandLog = commandLog;
        this.consistencyWait = settings.consistencyWait();
        this.consistencyPoll = settings.consistencyPoll();
        final Duration commitInterval = Duration.ofMillis(commitIntervalMs);
        this.committedPoll = commitInterval.compareTo(consistencyPoll) > 0 ? commitInterval : consistencyPoll;
    }

    /**
     * A read of one customer's partition (its profile, its history): what to look up once the stores reflect a
     * token, and the route's path with its query, without {@code after}, to forward it to the instance that holds it.
     */
    public record CustomerRead<T>(String path, Function<ConsistencyToken, Lookup<T>> lookup) {
    }

    /** The customer's profile (empty when there is none), once it reflects the write {@code after} names. */
    public Uni<Answer<Optional<Profile>>> profile(final CustomerKey key, final ConsistencyToken after, final IncomingQuery request) {
        return customer(after, request, profileRead(key));
    }

    /**
     * The customer's profile (empty when there is none), once it reflects every write {@code after} names. For an
     * identity-routed write's positions: once the workspace's resolver has committed them (asked of the instance
     * that resolves the workspace), then once the profile's partition has folded everything written to
     * customer-commands by then, which holds the commands the resolution routed ({@link #resolved}).
     */
    public Uni<Answer<Optional<Profile>>> profile(final CustomerKey key, final ReadAfter after, final IncomingQuery request) {
        return customer(key, after, request, profileRead(key));
    }

    /** What {@code read} finds, once the customer's partition reflects every write {@code after} names. */
    public <T> Uni<Answer<T>> customer(final CustomerKey key, final ReadAfter after, final IncomingQuery request,
                                       final CustomerRead<T> read) {
        if (after.identity().isEmpty()) {
            return customer(after.customer(), request, read);
        }
        return engine.query(() -> identities.settled(key.getWorkspaceId(), after.identity()),
                        withAfter(read.path(), after.format()), request, consistencyWait.multipliedBy(2), new IdentityWait<>())
                .chain(answer -> answer instanceof Answer.Local<Boolean>
                        // The profile may live on another instance than the resolver: a new hop, not a forward.
                        ? resolved(key, after, request.hop(), read)
                        : Uni.createFrom().item(recast(answer)));
    }

    private <T> Uni<Answer<T>> customer(final ConsistencyToken after, final IncomingQuery request,
                                        final CustomerRead<T> read) {
        return engine.query(() -> read.lookup().apply(after),
                withAfter(read.path(), after.isEmpty() ? null : after.toString()), request,
                after.isEmpty() ? Duration.ZERO : consistencyWait, new TokenWait<>(after));
    }

    private CustomerRead<Optional<Profile>> profileRead(final CustomerKey key) {
        return new CustomerRead<>("/customers/" + encode(key.getCustomerId()), token -> profiles.lookup(key, token));
    }

    /**
     * The id of the profile holding {@code identifier} (empty when none holds it), once the index reflects every
     * write {@code after} names; read on the instance that resolves the workspace, at {@code path} (the route's
     * path and query, without {@code after}). An identity-routed write is in the index once the workspace's
     * resolver has committed it. A write of customer-commands reaches the index through the fold, as an identity
     * note it sends to identity-commands in the write's transaction: the read waits for the fold to commit past
     * the write, then for the resolver to pass the end identity-commands had then.
     */
    public Uni<Answer<Optional<String>>> holder(final String workspaceId, final Identifier identifier,
                                                final ReadAfter after, final String path, final IncomingQuery request) {
        if (after.customer().isEmpty()) {
            return indexed(workspaceId, identifier, after.identity(), path, request);
        }
        final long deadline = System.nanoTime() + consistencyWait.toNanos();
        return foldCommitted(after.customer(), deadline, false)
                .chain(committed -> committed instanceof Answer.Local<Boolean>
                        ? QueryEngine.resumed(() -> commandLog.identityEnds(consistencyWait)).chain(ends -> ends.isEmpty()
                                ? Uni.createFrom().item(new Answer.Unavailable<>("the end of identity-commands is unknown"))
                                // The index may live on another instance than this one: a new hop, not a forward.
                                : indexed(workspaceId, identifier, latest(after.identity(), ends.get()), path,
                                        request.hop()))
                        : Uni.createFrom().item(recast(committed)));
    }

    /** The index's answer once the workspace's resolver has committed the identity-commands positions {@code after}. */
    private Uni<Answer<Optional<String>>> indexed(final String workspaceId, final Identifier identifier,
                                                  final ConsistencyToken after, final String path,
                                                  final IncomingQuery request) {
        if (after.isEmpty()) {
            return engine.query(() -> identities.lookup(workspaceId, identifier), path, request);
        }
        return engine.query(() -> identities.lookup(workspaceId, identifier, after),
                withAfter(path, new ReadAfter(ConsistencyToken.NONE, after).format()), request,
                consistencyWait.multipliedBy(2), new IdentityWait<>());
    }

    /**
     * {@code Local(true)} once the fold has committed past every write {@code token} names, looking again every
     * {@link #committedPoll} until {@code deadline}; a token that names no write is refused after the first look that
     * finds it behind. The committed offsets are the group coordinator's, so no instance needs to be asked.
     */
    private Uni<Answer<Boolean>> foldCommitted(final ConsistencyToken token, final long deadline, final boolean checked) {
        final Duration budget = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        return QueryEngine.resumed(() -> commandLog.foldCommitted(token, budget)).chain(committed -> {
            if (committed.orElse(false)) {
                return Uni.createFrom().item(new Answer.Local<>(true));
            }
            final Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                return Uni.createFrom().item(new Answer.NotCaughtUp<>("the fold has not committed past " + token));
            }
            if (!checked) {
                return QueryEngine.resumed(() -> commandLog.impossibility(token, left)).chain(impossible -> impossible.isPresent()
                        ? Uni.createFrom().item(new Answer.ImpossibleToken<>(impossible.get()))
                        : foldCommitted(token, deadline, true));
            }
            return QueryEngine.later(committedPoll.compareTo(left) < 0 ? committedPoll : left,
                    () -> foldCommitted(token, deadline, true));
        });
    }

    /**
     * The profile once it reflects {@code after}, whose identity-routed writes are known to be resolved: their
     * routed commands are in customer-commands, so the read waits for the fold to reach the log's end as it is now.
     */
    public Uni<Answer<Optional<Profile>>> resolvedProfile(final CustomerKey key, final ReadAfter after,
                                                          final IncomingQuery request) {
        return resolved(key, after, request, profileRead(key));
    }

    /** As {@link #resolvedProfile}, for any read of the customer's partition. */
    public <T> Uni<Answer<T>> resolved(final CustomerKey key, final ReadAfter after, final IncomingQuery request,
                                       final CustomerRead<T> read) {
        if (after.identity().isEmpty()) {
            return customer(after.customer(), request, read);
        }
        return QueryEngine.resumed(() -> commandLog.ends(consistencyWait))
                .chain(ends -> ends.isEmpty()
                        ? Uni.createFrom().item(new Answer.Unavailable<>("the end of the command log is unknown"))
                        : customer(latest(after.customer(), ends.get()), request, read));
    }

    /** Per partition, the later of the two tokens' offsets. */
    static ConsistencyToken latest(final ConsistencyToken one, final ConsistencyToken other) {
        final Map<Integer, Long> offsets = new HashMap<>(one.offsets());
        other.offsets().forEach((partition, offset) -> offsets.merge(partition, offset, Math::max));
        return offsets.isEmpty() ? ConsistencyToken.NONE : ConsistencyToken.of(offsets);
    }

    /** An answer that holds no value of its type (not {@link Answer.Local}), as an answer of another type. */
    static <A, B> Answer<B> recast(final Answer<A> answer) {
        return switch (answer) {
            case Answer.Local<A> local -> throw new IllegalArgumentException("a local answer holds a value: " + local);
            case Answer.Relayed<A> relayed -> new Answer.Relayed<>(relayed.status(), relayed.contentType(),
                    relayed.body(), relayed.headers());
            case Answer.Unavailable<A> unavailable -> new Answer.Unavailable<>(unavailable.reason());
            case Answer.NotCaughtUp<A> notCaughtUp -> new Answer.NotCaughtUp<>(notCaughtUp.reason());
            case Answer.ImpossibleToken<A> impossible -> new Answer.ImpossibleToken<>(impossible.message());
        };
    }

    /** The workspace's property catalog, by name. */
    public Uni<Answer<List<PropertyDefinitionEntry>>> catalog(final String workspaceId, final IncomingQuery request) {
        return engine.query(() -> catalog.lookup(workspaceId), "/properties", request);
    }

    /**
     * The workspace's property catalog once it shows every write {@code after} names: one answer per partition of
     * customer-commands the write went to, each read there once that partition has folded the write and has the
     * decision on every property it was waiting for then (a first write's inferred type, docs/catalog.md). For an
     * identity-routed write's positions: once the workspace's resolver has committed them, every partition, up to
     * the log's end as it is then. Without a token, {@link #catalog(String, IncomingQuery)}'s one answer.
     */
    public Uni<List<Answer<List<PropertyDefinitionEntry>>>> catalog(final String workspaceId, final ReadAfter after,
                                                                   final IncomingQuery request) {
        if (after.isEmpty()) {
            return catalog(workspaceId, request).map(List::of);
        }
        if (after.identity().isEmpty()) {
            return catalogAfter(workspaceId, after.customer(), request);
        }
        return engine.query(() -> identities.settled(workspaceId, after.identity()),
                        withAfter("/properties", after.format()), request, consistencyWait.multipliedBy(2), new IdentityWait<>())
                .chain(answer -> answer instanceof Answer.Local<Boolean>
                        ? QueryEngine.resumed(() -> commandLog.ends(consistencyWait)).chain(ends -> ends.isEmpty()
                                ? Uni.createFrom().item(List.of(new Answer.Unavailable<>("the end of the command log is unknown")))
                                : catalogAfter(workspaceId, latest(after.customer(), ends.get()),
                                        request.hop()))
                        : Uni.createFrom().item(List.of(recast(answer))));
    }

    /** One catalog read per partition {@code after} names, at once, each forwarded where its partition is active. */
    private Uni<List<Answer<List<PropertyDefinitionEntry>>>> catalogAfter(final String workspaceId,
                                                                         final ConsistencyToken after,
                                                                         final IncomingQuery request) {
        if (after.isEmpty()) {
            return catalog(workspaceId, request).map(List::of);
        }
        // One read per partition named: a token naming partitions the topic lacks is refused before any is made.
        final int partitions = catalog.commandPartitions();
        if (partitions == 0) {
            return Uni.createFrom().item(List.of(new Answer.Unavailable<>("the partitions of customer-commands are not all assigned yet")));
        }
        if (after.offsets().lastKey() >= partitions) {
            return Uni.createFrom().item(List.of(new Answer.ImpossibleToken<>("the consistency token names partition "
                    + after.offsets().lastKey() + ", but " + Topics.CUSTOMER_COMMANDS.name() + " has " + partitions + " partitions")));
        }
        // Several partitions: each read is a hop of its own, which may be forwarded to another instance.
        final IncomingQuery each = after.offsets().size() == 1 ? request : request.hop();
        final List<Uni<Answer<List<PropertyDefinitionEntry>>>> reads = new ArrayList<>();
        after.offsets().forEach((partition, offset) -> {
            final ConsistencyToken one = ConsistencyToken.of(partition, offset);
            reads.add(engine.query(catalog.settled(workspaceId, partition, offset),
                    withAfter("/properties", one.format()), each, consistencyWait, new TokenWait<>(one)));
        });
        return Uni.join().all(reads).andFailFast();
    }

    /**
     * Any other lookup that one instance answers (the identity index): read here or forwarded to
     * {@code forwardPath} on the instance that holds the data, with the same retries.
     */
    public <T> Uni<Answer<T>> query(final Supplier<Lookup<T>> lookup, final String forwardPath, final IncomingQuery request) {
        return engine.query(lookup, forwardPath, request);
    }

    /** One query's wait for its token: until when it may wait, whether the token was checked. */
    private final class TokenWait<T> implements QueryEngine.CatchUp<T> {

        private final ConsistencyToken after;
        private final long deadline;
        private boolean tokenChecked;
        private boolean waited;

        TokenWait(final ConsistencyToken after) {
            this.after = after;
            this.deadline = System.nanoTime() + consistencyWait.toNanos();
        }

        /**
         * Waits for the fold and looks again until the deadline. Still behind after a first wait, it checks once
         * that the token can name a write at all: a token just handed out is nearly always folded by then, so
         * the broker is asked only for the rare token that is late or made up.
         */
        @Override
        public Uni<Optional<Answer<T>>> behind(final Lookup.Behind<T> behind) {
            final Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (!tokenChecked && waited) {
                tokenChecked = true;
                return QueryEngine.resumed(() -> commandLog.impossibility(after, left.isNegative() ? Duration.ZERO : left))
                        .chain(impossible -> impossible.isPresent()
                                ? answer(new Answer.ImpossibleToken<>(impossible.get()))
                                : behind(behind));
            }
            if (left.isNegative() || left.isZero()) {
                return answer(new Answer.NotCaughtUp<>("partition " + behind.partition() + " has not reached offset " + behind.offset()));
            }
            if (folded.reached(behind.partition(), behind.offset())) {
                // Folded, yet not visible in the store's position: a command that wrote no profile; the commit
                // of the offsets shows it within the commit interval.
                return QueryEngine.later(consistencyPoll.compareTo(left) < 0 ? consistencyPoll : left, this::lookAgain);
            }
            // Woken by the fold when it reaches the offset; looks again after the fallback at the latest.
            waited = true;
            final Duration fallback = consistencyPoll.multipliedBy(WAKE_UP_FALLBACK_POLLS);
            return QueryEngine.resumed(() -> folded.await(behind.partition(), behind.offset(), fallback.compareTo(left) < 0 ? fallback : left))
                    .chain(ignored -> lookAgain());
        }

        private Uni<Optional<Answer<T>>> lookAgain() {
            return Uni.createFrom().item(Optional.empty());
        }

        private Uni<Optional<Answer<T>>> answer(final Answer<T> answer) {
            return Uni.createFrom().item(Optional.of(answer));
        }
    }

    /**
     * One query's wait for the workspace's resolver to commit an identity-routed write: looks again every
     * consistency poll until the consistency wait runs out.
     */
    private final class IdentityWait<T> implements QueryEngine.CatchUp<T> {

        private final long deadline = System.nanoTime() + consistencyWait.toNanos();

        @Override
        public Uni<Optional<Answer<T>>> behind(final Lookup.Behind<T> behind) {
            final Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                return Uni.createFrom().item(Optional.of(new Answer.NotCaughtUp<>("identity-commands partition "
                        + behind.partition() + " has not resolved offset " + behind.offset())));
            }
            return QueryEngine.later(consistencyPoll.compareTo(left) < 0 ? consistencyPoll : left,
                    () -> Uni.createFrom().item(Optional.empty()));
        }
    }

    /** {@code path} with {@code after=token} added to its query (none when {@code token} is null). */
    private static String withAfter(final String path, final String token) {
        return token == null ? path : path + (path.indexOf('?') < 0 ? '?' : '&') + "after=" + encode(token);
    }

    private static String encode(final String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
