package org.opencdp.projector.topology;

import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.Profile;
import org.opencdp.avro.SegmentBackfill;
import org.opencdp.avro.SegmentBackfillKey;
import org.opencdp.avro.SegmentMembership;
import org.opencdp.avro.SegmentMembershipKey;
import org.opencdp.avro.SegmentSize;
import org.opencdp.avro.SegmentSizeKey;
import org.jboss.logging.Logger;
import org.opencdp.platform.access.DeletedWorkspaces;
import org.opencdp.platform.failure.ErrorChain;
import org.opencdp.platform.streams.StoreKey;
import org.opencdp.platform.streams.StoreWrites;
import org.opencdp.projector.customer.PlatformEvents;
import org.opencdp.projector.segment.EventCounts;
import org.opencdp.projector.segment.MembershipChanges;
import org.opencdp.projector.segment.SegmentLimits;
import org.opencdp.projector.segment.SegmentSet;
import org.opencdp.projector.segment.SegmentSets;
import org.opencdp.schemas.serde.EncodedOnce;
import org.opencdp.schemas.serde.RecordSize;

/**
 * A customer's segment memberships, kept by the fold next to its profile (same partition, same task, so the profile,
 * the counts and the memberships commit together, exactly once). The workspace's segments are evaluated
 * ({@link MembershipChanges}) after every write that changed the profile, every event some segment counts, every
 * deletion, and when the clock reaches the customer's next change (a window's end, a relative date's bound:
 * {@link SegmentSet#nextChange}, kept in an index the punctuator reads by instant, never a scan of every profile).
 * Each entry and exit becomes a {@code segment.entered}/{@code segment.exited} event on enriched-events and a record
 * (or tombstone) on segment-memberships. A workspace without segments costs nothing: no store is read.
 * See docs/segments.md.
 */
public final class CustomerSegments {

    private static final Logger LOG = Logger.getLogger(CustomerSegments.class);
    /** How often the clock's due customers are evaluated: a membership that time changes is seen within this. */
    static final Duration CLOCK_INTERVAL = Duration.ofSeconds(1);
    /** The most due customers evaluated in one tick: bounded time per punctuation; the rest wait for the next. */
    static final int DUE_PER_TICK = 1000;
    /** The most time one tick spends backfilling: the fold goes on between ticks. */
    static final Duration BACKFILL_BUDGET = Duration.ofMillis(250);
    /** The most profiles one tick reads for a backfill (one batch read before any is evaluated). */
    static final int BACKFILL_BATCH = 500;
    /** Keys of {@link #backfill}: the walk's target (a hash of every segment's version), where it is, what is done. */
    static final String TARGET = "target";
    static final String CURSOR = "cursor";
    static final String DONE = "done";
    /** Segment ids in a stored membership list are separated by this (ids are the server's UUIDs). */
    private static final String SEPARATOR = "\n";
    /** Instants in the due index, zero-padded so that their text sorts as their value. */
    private static final String INSTANT_FORMAT = "%019d";
    /** The type kept in the scope {@link #decide} opens when it runs outside the fold's. */
    private static final Set<Class<?>> PROFILES = Set.of(Profile.class);

    private final ProcessorContext<Object, Object> context;
    private final SegmentSets sets;
    private final KeyValueStore<CustomerKey, Profile> profiles;
    /** workspace U+0000 customer → the ids of the segments it is in. */
    private final KeyValueStore<String, String> memberships;
    /** workspace U+0000 customer → its {@link EventCounts}, of the events some segment counts. */
    private final KeyValueStore<String, byte[]> counts;
    /** workspace U+0000 customer → the instant (ms) of its next change, as indexed in {@link #due}. */
    private final KeyValueStore<String, Long> next;
    /** instant (zero-padded ms) U+0000 workspace U+0000 customer → nothing: who is due when. */
    private final KeyValueStore<String, String> due;
    /** workspace U+0000 segment U+0000 customer → nothing: each segment's members on this partition, in order. */
    private final KeyValueStore<String, String> members;
    /** workspace U+0000 segment → its member count on this partition. */
    private final KeyValueStore<String, Long> sizes;
    /**
     * The counts changed since they were last sent to segment-sizes (all of them after a start: a count changed
     * before a crash may not have been sent).
     */
    private final Set<String> unsent = new HashSet<>();
    private boolean sentAfterStart;
    /** The versions {@link #fingerprint} was computed of. */
    private Map<String, Map<String, Long>> fingerprinted;
    private String fingerprint;
    private final DeletedWorkspaces deleted;
    /** {@link #TARGET}, {@link #CURSOR}, {@link #DONE}: this partition's backfill. */
    private final KeyValueStore<String, String> backfill;
    private final int partitions;

    /** What caused an evaluation: its record (timestamp, headers), the id events derive theirs from, and when. */
    private record Cause(Record<byte[], byte[]> record, String id, String requestId, Instant at) {

        static Cause of(final Record<byte[], byte[]> record, final CustomerCommand command) {
            return new Cause(record, command.getCommandId(), command.getRequestId(), command.getTimestamp());
        }
    }

    /** For the fold, which calls it after each command it folds. */
    CustomerSegments(final ProcessorContext<Object, Object> context, final SegmentSets sets,
                     final KeyValueStore<CustomerKey, Profile> profiles, final int partitions,
                     final DeletedWorkspaces deleted) {
        this.context = context;
        this.deleted = deleted;
        this.partitions = partitions;
        this.backfill = context.getStateStore(ProjectorTopology.SEGMENT_BACKFILL_STORE);
        this.members = context.getStateStore(ProjectorTopology.SEGMENT_MEMBERS_STORE);
        this.sizes = context.getStateStore(ProjectorTopology.SEGMENT_SIZES_STORE);
        this.sets = sets;
        this.profiles = profiles;
        this.memberships = context.getStateStore(ProjectorTopology.SEGMENT_MEMBERSHIPS_STORE);
        this.counts = context.getStateStore(ProjectorTopology.EVENT_COUNTS_STORE);
        this.next = context.getStateStore(ProjectorTopology.SEGMENT_NEXT_CHANGE_STORE);
        this.due = context.getStateStore(ProjectorTopology.SEGMENT_DUE_STORE);
    }

    /** Starts the clock, the backfill and the sending of sizes: once a task, by the fold. */
    void startClock() {
        context.schedule(CLOCK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    /**
     * After the catalog changed a stored profile (a value settled or conformed to its property's type): the customer
     * is evaluated, and the counts it changed are sent at once (the catalog's processor has no clock of its own).
     *
     * @param causeId what the events' ids derive from: the same catalog change, the same events
     */
    void catalogChanged(final Record<?, ?> record, final CustomerKey key, final Profile profile, final String causeId,
                        final String requestId, final Instant at) {
        final SegmentSet set = sets.of(key.getWorkspaceId());
        if (set.isEmpty()) {
            return;
        }
        decide(new Cause(new Record<>(null, null, record.timestamp(), record.headers()), causeId, requestId, at), key,
                set, profile, countsFor(set, key), profile);
        sendSizes(record.timestamp());
    }

    /**
     * After a write that upserted {@code profile} (not yet stored) over {@code before}. A membership depends on the
     * profile only through its attributes' values and whether it was merged away ({@code SegmentEvaluator}): a write
     * that changed neither (a caller sending what the profile holds, which still stamps it) changes no membership,
     * and costs no read.
     */
    void upserted(final Record<byte[], byte[]> record, final CustomerKey key, final CustomerCommand command,
                  final Optional<Profile> before, final Profile profile) {
        final SegmentSet set = sets.of(key.getWorkspaceId());
        if (!set.isEmpty() && (before.isEmpty() || decidingChanged(before.get(), profile))) {
            decide(Cause.of(record, command), key, set, profile, countsFor(set, key), profile);
        }
    }

    /** Whether a segment could decide otherwise for {@code after} than for {@code before}: a value or the merge changed. */
    static boolean decidingChanged(final Profile before, final Profile after) {
        if (!Objects.equals(before.getMergedInto(), after.getMergedInto())
                || before.getAttributes().size() != after.getAttributes().size()) {
            return true;
        }
        for (final Map.Entry<String, Attribute> attribute : after.getAttributes().entrySet()) {
            final Attribute old = before.getAttributes().get(attribute.getKey());
            if (old == null || !Objects.equals(old.getValue(), attribute.getValue().getValue())) {
                return true;
            }
        }
        return false;
    }

    /**
     * After a caller's event: it is counted (every name for the longest window a segment may use, or, when the fold
     * counts only what segments count, a name some segment counts), and when some segment counts its name the
     * customer is evaluated. An event no segment counts changes no membership (what time alone changes, the clock
     * evaluates); counted anyway, a segment defined later over its name is backfilled over it.
     */
    void event(final Record<byte[], byte[]> record, final CustomerKey key, final CustomerCommand command,
               final EnrichedEvent event, final Optional<Profile> profile) {
        if (profile.isEmpty()) {
            return;
        }
        final SegmentSet set = sets.of(key.getWorkspaceId());
        final boolean counted = set.events().contains(event.getName());
        if (!counted && !sets.countEveryEvent()) {
            return;
        }
        final EventCounts customerCounts = storedCounts(key);
        customerCounts.add(event.getName(), event.getTimestamp(), 1);
        customerCounts.prune(now(), sets.countEveryEvent() ? SegmentLimits.MAX_WINDOW : set.longestWindow());
        counts.put(storeKey(key), customerCounts.toBytes());
        if (counted) {
            decide(Cause.of(record, command), key, set, profile.get(), customerCounts, profile.get());
        }
    }

    /** After a deletion: the customer leaves every segment it was in (reason {@code deleted}); its counts go. */
    void deleted(final Record<byte[], byte[]> record, final CustomerKey key, final CustomerCommand command) {
        StoreWrites.remove(counts, storeKey(key));
        unschedule(storeKey(key));
        if (memberships.get(storeKey(key)) != null) {
            decide(Cause.of(record, command), key, sets.of(key.getWorkspaceId()), null, null,
                    PlatformEvents.erased(command));
        }
    }

    /**
     * The clock: every customer whose next change is due is evaluated, at most {@link #DUE_PER_TICK} a tick, in
     * the order they fell due. Their events' ids derive from the instant, so a tick replayed after a crash emits
     * the same events.
     */
    private void tick(final long wallClock) {
        clock(wallClock);
        backfill(wallClock);
        sendSizes(wallClock);
    }

    /** Sends the member counts that changed since the last tick (every count, after a start) to segment-sizes. */
    private void sendSizes(final long wallClock) {
        if (unsent.isEmpty() && sentAfterStart) {
            return;
        }
        if (!sentAfterStart) {
            sentAfterStart = true;
            try (KeyValueIterator<String, Long> all = sizes.all()) {
                all.forEachRemaining(entry -> unsent.add(entry.key));
            }
        }
        final int partition = context.taskId().partition();
        for (final String key : unsent) {
            final List<String> parts = StoreKey.parts(key);
            final Long count = sizes.get(key);
            context.forward(new Record<>(new SegmentSizeKey(parts.get(0), parts.get(1), partition),
                    count == null ? null : new SegmentSize(count, Instant.ofEpochMilli(wallClock)), wallClock),
                    ProjectorTopology.SEGMENT_SIZES_SINK);
        }
        unsent.clear();
    }

    /** One more ({@code delta} 1) or one fewer (-1) member of the segment on this partition. */
    private void count(final String workspace, final String segment, final long delta) {
        final String key = StoreKey.of(workspace, segment);
        final Long before = sizes.get(key);
        final long after = Math.max(0, (before == null ? 0 : before) + delta);
        if (after == 0) {
            StoreWrites.remove(sizes, key);
        } else {
            sizes.put(key, after);
        }
        unsent.add(key);
    }

    private void clock(final long wallClock) {
        final List<KeyValue<String, String>> reached = new ArrayList<>();
        try (KeyValueIterator<String, String> entries = due.range(null, String.format(INSTANT_FORMAT, wallClock) + '\u0001')) {
            while (entries.hasNext() && reached.size() < DUE_PER_TICK) {
                reached.add(entries.next());
            }
        }
        for (final KeyValue<String, String> entry : reached) {
            StoreWrites.remove(due, entry.key);
            final List<String> parts = StoreKey.parts(entry.key);
            final long at = Long.parseLong(parts.get(0));
            final CustomerKey key = new CustomerKey(parts.get(1), parts.get(2));
            StoreWrites.remove(next, storeKey(key));
            final SegmentSet set = sets.of(key.getWorkspaceId());
            final Profile profile = profiles.get(key);
            if (set.isEmpty() || profile == null || deleted.contains(key.getWorkspaceId())) {
                continue;
            }
            final Instant instant = Instant.ofEpochMilli(at);
            try {
                decide(new Cause(new Record<>(null, null, at), "clock:" + instant, "", instant), key, set, profile,
                        countsFor(set, key), profile);
            } catch (RuntimeException e) {
                // One customer that cannot be evaluated must not stop the clock (nor the task) for every other:
                // it is evaluated again at its next write or event.
                LOG.errorf("Segments of %s/%s not evaluated at %s: %s", key.getWorkspaceId(), key.getCustomerId(),
                        instant, ErrorChain.describe(e));
            }
        }
    }

    /**
     * The backfill: while the segments' versions differ from those the last complete walk saw, this partition's
     * profiles are walked in key order, a bounded slice a tick (resumed from the stored cursor, also across
     * restarts), each evaluated as a write would evaluate it, so that the backfill and the live stream decide
     * alike and emit the same events. A walk that completes against the versions it started with is recorded
     * on segment-backfills (one record per workspace), from which a segment's status turns live; versions changed
     * during a walk start a new one.
     */
    private void backfill(final long wallClock) {
        if (!sets.loaded()) {
            return;
        }
        final Map<String, Map<String, Long>> versions = sets.versions();
        if (versions != fingerprinted) {
            // The same map until a definition changes: its digest is computed once per change, not every tick.
            fingerprinted = versions;
            fingerprint = fingerprint(versions);
        }
        final String target = fingerprint;
        final String done = backfill.get(DONE);
        if (target.equals(done) || versions.isEmpty() && done == null && backfill.get(TARGET) == null) {
            // Walked against these versions already; or no segment was ever defined here: nothing to walk.
            return;
        }
        if (!target.equals(backfill.get(TARGET))) {
            backfill.put(TARGET, target);
            StoreWrites.remove(backfill, CURSOR);
        }
        final long deadline = System.nanoTime() + BACKFILL_BUDGET.toNanos();
        final Instant now = Instant.ofEpochMilli(wallClock);
        final Cause cause = new Cause(new Record<>(null, null, wallClock), "backfill:" + target.substring(0, 16), "", now);
        while (System.nanoTime() < deadline) {
            final List<KeyValue<CustomerKey, Profile>> slice = slice(backfill.get(CURSOR));
            if (slice.isEmpty()) {
                complete(target, versions, wallClock);
                return;
            }
            for (final KeyValue<CustomerKey, Profile> entry : slice) {
                final String workspace = entry.key.getWorkspaceId();
                if (deleted.contains(workspace)) {
                    continue;
                }
                final SegmentSet set = versions.containsKey(workspace) ? sets.of(workspace) : SegmentSet.EMPTY;
                // A customer of a workspace whose last segment was deleted is still in it: evaluated against no
                // segment, it leaves (its entries go, and tombstones tell segment-memberships' readers).
                if (!set.isEmpty() || memberships.get(storeKey(entry.key)) != null) {
                    try {
                        decide(cause, entry.key, set, entry.value, countsFor(set, entry.key), entry.value);
                    } catch (RuntimeException e) {
                        LOG.errorf("Segments of %s/%s not backfilled: %s", entry.key.getWorkspaceId(),
                                entry.key.getCustomerId(), ErrorChain.describe(e));
                    }
                }
            }
            backfill.put(CURSOR, StoreKey.of(slice.getLast().key.getWorkspaceId(), slice.getLast().key.getCustomerId()));
        }
    }

    /** The next profiles after {@code cursor} (from the first without one), in the store's key order. */
    private List<KeyValue<CustomerKey, Profile>> slice(final String cursor) {
        final CustomerKey after = cursor == null ? null
                : new CustomerKey(StoreKey.parts(cursor).get(0), StoreKey.parts(cursor).get(1));
        final List<KeyValue<CustomerKey, Profile>> slice = new ArrayList<>(BACKFILL_BATCH);
        try (KeyValueIterator<CustomerKey, Profile> entries = after == null ? profiles.all() : profiles.range(after, null)) {
            while (entries.hasNext() && slice.size() < BACKFILL_BATCH) {
                final KeyValue<CustomerKey, Profile> entry = entries.next();
                if (!entry.key.equals(after)) {
                    slice.add(entry);
                }
            }
        }
        return slice;
    }

    private void complete(final String target, final Map<String, Map<String, Long>> versions, final long wallClock) {
        backfill.put(DONE, target);
        StoreWrites.remove(backfill, TARGET);
        StoreWrites.remove(backfill, CURSOR);
        final int partition = context.taskId().partition();
        versions.forEach((workspace, segments) -> context.forward(new Record<>(new SegmentBackfillKey(workspace, partition),
                new SegmentBackfill(new HashMap<>(segments), partitions, Instant.ofEpochMilli(wallClock)), wallClock),
                ProjectorTopology.SEGMENT_BACKFILLS_SINK));
        LOG.infof("Partition %d backfilled the segments of %d workspaces", partition, versions.size());
    }

    /** A short, stable digest of every segment's version: equal exactly when no segment was added, changed or removed. */
    static String fingerprint(final Map<String, Map<String, Long>> versions) {
        final StringBuilder text = new StringBuilder();
        new TreeMap<>(versions).forEach((workspace, segments) -> new TreeMap<>(segments).forEach((id, version) ->
                text.append(workspace).append('\u0000').append(id).append('\u0000').append(version).append('\n')));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    private void decide(final Cause cause, final CustomerKey key, final SegmentSet set, final Profile profile,
                        final EventCounts customerCounts, final Profile snapshot) {
        final String storeKey = storeKey(key);
        final Instant now = now();
        final MembershipChanges.Result result = MembershipChanges.evaluate(set, parse(memberships.get(storeKey)),
                profile, customerCounts, now);
        if (profile != null && set.timed()) {
            schedule(storeKey, set.nextChange(profile, customerCounts, now));
        }
        if (!result.changed()) {
            return;
        }
        if (result.members().isEmpty()) {
            StoreWrites.remove(memberships, storeKey);
        } else {
            memberships.put(storeKey, result.members().stream().sorted().collect(Collectors.joining(SEPARATOR)));
        }
        try (EncodedOnce once = EncodedOnce.openIfNone(PROFILES)) {
            if (once != null && snapshot != null && !result.changes().isEmpty()) {
                // Outside the fold's scope (the clock, a backfill), every event below would encode the profile it
                // carries again (28 % of a backfill's stream thread, run 20261207-115303): encoded once, kept.
                RecordSize.of(snapshot);
            }
            forwardChanges(cause, key, result, snapshot);
        }
    }

    private void forwardChanges(final Cause cause, final CustomerKey key, final MembershipChanges.Result result,
                                final Profile snapshot) {
        final String workspace = key.getWorkspaceId();
        for (final MembershipChanges.Change change : result.changes()) {
            final EnrichedEvent event = PlatformEvents.segment(workspace, key.getCustomerId(), cause.id(),
                    cause.requestId(), cause.at(), change, snapshot);
            // Not measured against the carrier bound (ProfileBound.fit): what fit trims is an event's attribute
            // changes, and this one has none; it carries the profile the fold bounded and a bounded id, name
            // (SegmentLimits) and reason (MembershipChanges), so measuring it (one more encoding) changes nothing.
            context.forward(cause.record().withKey(key).withValue(event), ProjectorTopology.ENRICHED_EVENTS_SINK);
            final String listed = StoreKey.of(workspace, change.segmentId(), key.getCustomerId());
            if (change.entered()) {
                members.put(listed, "");
            } else {
                StoreWrites.remove(members, listed);
            }
            count(workspace, change.segmentId(), change.entered() ? 1 : -1);
            final SegmentMembershipKey member = new SegmentMembershipKey(workspace, change.segmentId(), key.getCustomerId());
            context.forward(cause.record().withKey(member).withValue(change.entered()
                    ? new SegmentMembership(workspace, change.segmentId(), change.segmentName(), key.getCustomerId(),
                    cause.at(), change.reason()) : null), ProjectorTopology.SEGMENT_MEMBERSHIPS_SINK);
        }
        for (final String gone : result.dropped()) {
            StoreWrites.remove(members, StoreKey.of(workspace, gone, key.getCustomerId()));
            count(workspace, gone, -1);
            context.forward(cause.record().withKey(new SegmentMembershipKey(workspace, gone, key.getCustomerId()))
                    .withValue(null), ProjectorTopology.SEGMENT_MEMBERSHIPS_SINK);
        }
    }

    /**
     * Indexes the customer's next change (replacing the one indexed before), or none. Writes only what differs: most
     * customers have no next change before and after a write, and each of their evaluations wrote a tombstone for
     * nothing (a RocksDB write, compacted later, and a changelog record).
     */
    private void schedule(final String storeKey, final Optional<Instant> change) {
        final Long before = next.get(storeKey);
        final Long after = change.map(Instant::toEpochMilli).orElse(null);
        if (Objects.equals(before, after)) {
            return;
        }
        if (before != null) {
            StoreWrites.remove(due, dueKey(before, storeKey));
        }
        if (after == null) {
            StoreWrites.remove(next, storeKey);
        } else {
            next.put(storeKey, after);
            due.put(dueKey(after, storeKey), "");
        }
    }

    private void unschedule(final String storeKey) {
        schedule(storeKey, Optional.empty());
    }

    private static String dueKey(final long at, final String storeKey) {
        return String.format(INSTANT_FORMAT, at) + '\u0000' + storeKey;
    }

    /** The customer's counts when some segment of {@code set} counts events; none read otherwise. */
    private EventCounts countsFor(final SegmentSet set, final CustomerKey key) {
        return set.events().isEmpty() ? new EventCounts() : storedCounts(key);
    }

    private EventCounts storedCounts(final CustomerKey key) {
        final byte[] stored = counts.get(storeKey(key));
        return stored == null ? new EventCounts() : EventCounts.fromBytes(stored);
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    /** The key of a customer in the segment stores. */
    public static String storeKey(final CustomerKey key) {
        return StoreKeys.profile(key.getWorkspaceId(), key.getCustomerId());
    }

    /** The segment ids a stored membership list holds. */
    public static Set<String> parse(final String stored) {
        return stored == null || stored.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(stored.split(SEPARATOR)));
    }
}
