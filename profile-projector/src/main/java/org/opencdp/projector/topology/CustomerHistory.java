package org.opencdp.projector.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.opencdp.platform.streams.StoreWrites;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.HistoryHead;
import org.opencdp.avro.HistoryPosition;
import org.opencdp.avro.HistoryOrigin;
import org.opencdp.avro.MovedHistoryStep;
import org.opencdp.avro.HistoryStep;
import org.opencdp.avro.Profile;
import org.opencdp.projector.history.HistoryBounds;
import org.opencdp.projector.customer.Profiles;
import org.opencdp.projector.history.HistoryContext;
import org.opencdp.projector.history.HistoryDiff;
import org.opencdp.projector.history.HistoryEntry;
import org.opencdp.projector.history.HistoryKey;
import org.opencdp.projector.history.HistoryRecords;
import org.opencdp.projector.history.HistorySettings;
import org.opencdp.projector.history.ProfileHistory;
import org.opencdp.projector.customer.ProfileBound;
import org.opencdp.schemas.serde.RecordSize;

/**
 * Writes each profile's history ({@link ProjectorTopology#HISTORY_STORE}, docs/history.md) beside the profile, in
 * the same task and so the same transaction: the processors that store a profile hand this the profile before
 * and after, and it files what {@link HistoryDiff} finds changed as one step (one record, however many changes)
 * under the customer's prefix, newest first. The customer's head ({@link ProjectorTopology#HISTORY_HEADS_STORE})
 * says where the next step goes and what the bounds need, so a write within them reads nothing but the head; one
 * that passes a bound drops the oldest steps in the same step. A profile's first step is kept without its values
 * and without a head ({@link HistoryRecords#creation}), and held by the profile itself ({@code creation_step})
 * until its next step files it: most profiles are written once or a few times, and one written once costs the
 * history nothing but that field. Entries written are counted in {@value #ENTRIES}, those put into the store in
 * {@value #FILED} (a held creation step when its next step files it; a moved step is not a new entry).
 */
final class CustomerHistory {

    static final String ENTRIES = "cdp.history.entries";
    static final String FILED = "cdp.history.entries.filed";
    private static final ByteArraySerializer PREFIXES = new ByteArraySerializer();
    /** What a moved step adds to its command besides the step: its key time, sequence and record framing. */
    private static final long MOVED_STEP_FRAME_BYTES = 32;

    private final KeyValueStore<Bytes, HistoryStep> steps;
    private final KeyValueStore<String, HistoryHead> heads;
    private final HistorySettings settings;
    private final long maxStepBytes;
    private final Counter written = Counter.builder(ENTRIES)
            .description("History entries the fold wrote (one per change of a profile)").register(Metrics.globalRegistry);
    private final Counter filed = Counter.builder(FILED)
            .description("History entries the fold put into the customer-history store").register(Metrics.globalRegistry);

    CustomerHistory(final KeyValueStore<Bytes, HistoryStep> steps, final KeyValueStore<String, HistoryHead> heads,
                    final HistorySettings settings, final ProfileBound bound) {
        this.steps = steps;
        this.heads = heads;
        this.settings = settings;
        this.maxStepBytes = bound.maxCarrierBytes();
    }

    /**
     * What one step files: its changes, where, and the head it read (a profile's first step, {@code creation}, is
     * stored small and without a head).
     */
    private record Plan(Profile after, List<HistoryEntry> changes, HistoryStep creation, HistoryHead head,
                        Instant time, long sequence) {

        HistoryPosition position() {
            return new HistoryPosition(time, sequence);
        }

        /**
         * The creation step the profile holds ({@code creation_step}), or null. A profile created by absorbing
         * another files its creation at once: the absorbed profile's history is filed beside it in the same step.
         */
        HistoryStep held() {
            return creation != null && after.getMerges().isEmpty() ? creation : null;
        }
    }

    /** What {@link #stamp} planned, for {@link #record} of the same profile instance (one stream thread, one record). */
    private Plan planned;

    /**
     * Stamps {@code after} with the position the step from {@code before} to it will be filed at (and the creation
     * step it holds, if it is one), and files nothing of that step yet (only the creation {@code before} held). The
     * fold calls it on a profile it has just built, before measuring it, so that the profile is encoded once, with
     * its position ({@code EncodedOnce}); {@link #record} of that same profile then files what was planned. Nothing to file (history off, no change): {@code after} keeps the position it has.
     */
    void stamp(final CustomerKey key, final Optional<Profile> before, final Profile after, final HistoryContext context) {
        planned = plan(key, before, after, context);
        if (planned != null) {
            after.setHistoryPosition(planned.position());
            after.setCreationStep(planned.held());
        }
    }

    /**
     * Files the changes from {@code before} to {@code after} made by one step with {@code context}, and answers the
     * profile to store and publish, stamped with the position of that step (a step not kept for its size included:
     * the profile at it is still the current one with every later step undone): {@code after} itself when
     * {@link #stamp} stamped it, or nothing was filed; else a stamped copy, since {@code after} may have been
     * encoded already.
     */
    Profile record(final CustomerKey key, final Optional<Profile> before, final Profile after, final HistoryContext context) {
        final Plan plan = planned != null && planned.after() == after ? planned : plan(key, before, after, context);
        planned = null;
        if (plan == null) {
            return after;
        }
        file(key, plan);
        return plan.position().equals(after.getHistoryPosition()) && Objects.equals(plan.held(), after.getCreationStep())
                ? after : positioned(after, plan);
    }

    private Plan plan(final CustomerKey key, final Optional<Profile> before, final Profile after, final HistoryContext context) {
        if (!settings.enabled()) {
            return null;
        }
        final List<HistoryEntry> changes = HistoryDiff.between(before, after, context);
        if (changes.isEmpty()) {
            return null;
        }
        if (before.isEmpty() && changes.size() <= settings.bounds(key.getWorkspaceId()).maxEntries()) {
            final HistoryStep creation = HistoryRecords.creation(changes);
            if (creation.getCreated() > 0) {
                return new Plan(after, changes, creation, null, HistoryKey.keyTime(null, context.at()), 0);
            }
        }
        // The creation the profile holds goes to the store before the step that follows it (and reads its head).
        before.ifPresent(profile -> fileCreation(key, profile));
        final HistoryHead head = before.isEmpty() ? null
                : head(key, StoreKeys.profile(key.getWorkspaceId(), key.getCustomerId()), before);
        return new Plan(after, changes, null, head, HistoryKey.keyTime(head == null ? null : head.getNewest(), context.at()),
                head == null ? 0 : head.getNextSequence());
    }

    private void file(final CustomerKey key, final Plan plan) {
        final Instant time = plan.time();
        final long sequence = plan.sequence();
        if (plan.creation() != null) {
            // A profile's first step (the commonest): without its values, which the profile holds, and without a
            // head, which the next step derives from it (head()). Held by the profile (creation_step) until its
            // next step files it (fileCreation): nothing more is written for a profile written once.
            if (plan.held() == null) {
                steps.put(Bytes.wrap(new HistoryKey(key.getWorkspaceId(), key.getCustomerId(), time, 0).encode()),
                        plan.creation());
                filed.increment(plan.changes().size());
            }
            written.increment(plan.changes().size());
            return;
        }
        final HistoryHead head = plan.head();
        final HistoryStep step = HistoryRecords.step(plan.changes());
        final HistoryStep kept = fitted(step, plan.after());
        final boolean whole = kept == step;
        if (kept != null) {
            steps.put(Bytes.wrap(new HistoryKey(key.getWorkspaceId(), key.getCustomerId(), time, sequence).encode()), kept);
            written.increment(plan.changes().size());
            filed.increment(plan.changes().size());
        }
        final long count = kept == null ? 0 : plan.changes().size();
        // A step not kept whole: as_of before it cannot undo it, so the history is complete only from it.
        final Instant completeFrom = whole ? (head == null ? null : head.getCompleteFrom()) : time;
        final HistoryHead next = head == null
                ? new HistoryHead(time, sequence + 1, count, time, completeFrom)
                : new HistoryHead(time, sequence + 1, head.getCount() + count, head.getOldest(), completeFrom);
        heads.put(StoreKeys.profile(key.getWorkspaceId(), key.getCustomerId()), bounded(key, next));
    }

    private static Profile positioned(final Profile profile, final Plan plan) {
        final Profile stamped = Profiles.copy(profile);
        stamped.setHistoryPosition(plan.position());
        stamped.setCreationStep(plan.held());
        return stamped;
    }

    /**
     * Files in the store the creation step {@code profile} holds, if any, under the key its position names: where
     * {@link #file} would have put it when the profile was created. Every step after the creation, and every
     * move of the profile's history, calls it first, so that they find the store as if it had been filed then;
     * the profile they write holds it no more. Filing it twice puts the same record again.
     */
    private void fileCreation(final CustomerKey key, final Profile profile) {
        final HistoryStep creation = profile.getCreationStep();
        if (creation != null && profile.getHistoryPosition() != null) {
            steps.put(Bytes.wrap(new HistoryKey(key.getWorkspaceId(), key.getCustomerId(),
                    profile.getHistoryPosition().getTime(), 0).encode()), creation);
            filed.increment(HistoryRecords.entries(creation));
        }
    }

    /**
     * The head of a history whose only step is the creation {@code profile} still holds: a profile holds its
     * creation step until its second step, which writes the first head; without a stored head, its history is
     * that one step, at its position. Derived here, what {@link #steppedHead} would find by a range read of the
     * store (a RocksDB iterator per customer: in the bench, a third of the fold of a profile's second write).
     */
    private static Optional<HistoryHead> heldHead(final Profile profile) {
        final HistoryStep creation = profile.getCreationStep();
        if (creation == null || profile.getHistoryPosition() == null) {
            return Optional.empty();
        }
        final Instant at = profile.getHistoryPosition().getTime();
        return Optional.of(new HistoryHead(at, 1L, (long) HistoryRecords.entries(creation), at, null));
    }

    /**
     * The customer's head: the one stored; when there is none, the one the creation step {@code holder} still holds
     * implies (no read), else the one its creation step in the store implies (a history of that step alone has none
     * stored), else none (no history yet: kept off, or a profile from before it was kept). The stored head comes
     * first: a merge may have written one while the profile still held its creation.
     */
    private HistoryHead head(final CustomerKey key, final String headKey, final Optional<Profile> holder) {
        final HistoryHead stored = heads.get(headKey);
        return stored != null ? stored : holder.flatMap(CustomerHistory::heldHead).orElseGet(() -> steppedHead(key));
    }

    /** The head of a history that has none stored: its newest step (its only one) read from the store. */
    private HistoryHead steppedHead(final CustomerKey key) {
        try (KeyValueIterator<Bytes, HistoryStep> newestFirst = steps.range(
                Bytes.wrap(HistoryKey.prefix(key.getWorkspaceId(), key.getCustomerId())),
                Bytes.wrap(HistoryKey.end(key.getWorkspaceId(), key.getCustomerId())))) {
            if (!newestFirst.hasNext()) {
                return null;
            }
            final KeyValue<Bytes, HistoryStep> only = newestFirst.next();
            final HistoryKey at = HistoryKey.decode(only.key.get());
            return new HistoryHead(at.time(), at.sequence() + 1, (long) HistoryRecords.entries(only.value), at.time(), null);
        }
    }

    /**
     * {@code step} as it can be stored: whole when it fits a changelog record ({@link ProfileBound#maxCarrierBytes},
     * like every record carrying profile values), else without the old values it replaced (one change of a large
     * array field holds the whole field twice), else not at all (null). Only the step of a large profile is
     * measured: a step holds at most the values of the profile before (within the bound) and after it, so while
     * the profile after is under a quarter of the limit the step fits; the profile's own size is the one the fold
     * measured already.
     */
    private HistoryStep fitted(final HistoryStep step, final Profile after) {
        if (RecordSize.of(after) <= maxStepBytes / 4 || RecordSize.of(step) <= maxStepBytes) {
            return step;
        }
        final HistoryStep shortened = HistoryRecords.withoutReplacedValues(step);
        return RecordSize.of(shortened) <= maxStepBytes ? shortened : null;
    }

    /**
     * The history a merge takes from the absorbed profile {@code key} (whose profile is {@code absorbed}): its
     * steps newest first, each holding its own changes, as many as fit {@code maxBytes}; all of them leave this
     * history, which keeps its head (the sequence goes on) and is complete from {@code mergedAt} on: what came
     * before is the survivor's now (docs/history.md, Merges).
     */
    List<MovedHistoryStep> moveOut(final CustomerKey key, final Profile absorbed, final long maxBytes,
                                   final Instant mergedAt) {
        final String headKey = StoreKeys.profile(key.getWorkspaceId(), key.getCustomerId());
        fileCreation(key, absorbed);
        final HistoryHead head = head(key, headKey, Optional.empty());
        final List<Bytes> keys = new ArrayList<>();
        final List<HistoryStep> stored = new ArrayList<>();
        try (KeyValueIterator<Bytes, HistoryStep> all = steps.prefixScan(
                HistoryKey.prefix(key.getWorkspaceId(), key.getCustomerId()), PREFIXES)) {
            all.forEachRemaining(step -> {
                keys.add(step.key);
                stored.add(step.value);
            });
        }
        final List<HistoryStep> standalone = ProfileHistory.standalone(absorbed, stored);
        final List<MovedHistoryStep> moved = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < standalone.size(); i++) {
            bytes += RecordSize.of(standalone.get(i)) + MOVED_STEP_FRAME_BYTES;
            if (bytes > maxBytes) {
                break;
            }
            final HistoryKey at = HistoryKey.decode(keys.get(i).get());
            moved.add(new MovedHistoryStep(at.time(), at.sequence(), standalone.get(i)));
        }
        keys.forEach(steps::delete);
        if (head != null) {
            heads.put(headKey, new HistoryHead(head.getNewest(), head.getNextSequence(), 0L, head.getNewest(), mergedAt));
        }
        return moved;
    }

    /**
     * Files the steps a merge brought from absorbed profile {@code absorbedId} into {@code key}'s history, each
     * marked as that profile's ({@code merged_from}: as_of of this profile does not undo them) at its own time,
     * then keeps the whole within the bounds.
     */
    void moveIn(final CustomerKey key, final String absorbedId, final String mergeId,
                final List<MovedHistoryStep> moved) {
        file(key, moved, false, step -> {
            final List<HistoryOrigin> origins = new ArrayList<>(step.getStep().getMergedFrom().size() + 1);
            origins.add(new HistoryOrigin(absorbedId, mergeId, step.getKeyTime(), step.getSequence()));
            origins.addAll(step.getStep().getMergedFrom());
            return HistoryRecords.with(step.getStep(), step.getStep().getChanges(), step.getStep().getCreated(), origins);
        });
    }

    /**
     * Undoing merge {@code mergeId} takes back from survivor {@code key} the steps it brought ({@link #moveIn}),
     * newest first, under their keys in the absorbed profile's history and as they were there, as many as fit
     * {@code maxBytes} (the others are dropped with them: the absorbed history is complete from its merge anyway).
     */
    List<MovedHistoryStep> takeBack(final CustomerKey key, final String mergeId, final long maxBytes) {
        final String headKey = StoreKeys.profile(key.getWorkspaceId(), key.getCustomerId());
        final List<Bytes> doomed = new ArrayList<>();
        final List<MovedHistoryStep> back = new ArrayList<>();
        long entries = 0;
        long bytes = 0;
        try (KeyValueIterator<Bytes, HistoryStep> all = steps.prefixScan(
                HistoryKey.prefix(key.getWorkspaceId(), key.getCustomerId()), PREFIXES)) {
            while (all.hasNext()) {
                final KeyValue<Bytes, HistoryStep> step = all.next();
                final List<HistoryOrigin> origins = step.value.getMergedFrom();
                if (origins.isEmpty() || !origins.getFirst().getMergeId().equals(mergeId)) {
                    continue;
                }
                doomed.add(step.key);
                entries += HistoryRecords.entries(step.value);
                final HistoryStep was = HistoryRecords.with(step.value, step.value.getChanges(), step.value.getCreated(),
                        new ArrayList<>(origins.subList(1, origins.size())));
                final HistoryOrigin origin = origins.getFirst();
                bytes += RecordSize.of(was) + MOVED_STEP_FRAME_BYTES;
                if (bytes <= maxBytes) {
                    back.add(new MovedHistoryStep(origin.getKeyTime(), origin.getSequence(), was));
                }
            }
        }
        doomed.forEach(step -> StoreWrites.remove(steps, step));
        final HistoryHead head = heads.get(headKey);
        if (head != null && !doomed.isEmpty()) {
            heads.put(headKey, new HistoryHead(head.getNewest(), head.getNextSequence(),
                    Math.max(0, head.getCount() - entries), head.getOldest(), head.getCompleteFrom()));
        }
        return back;
    }

    /** Files again, under their own keys, the steps of {@code key} that undoing its merge gave back ({@link #takeBack}). */
    void moveBack(final CustomerKey key, final List<MovedHistoryStep> back) {
        file(key, back, true, MovedHistoryStep::getStep);
    }

    /**
     * Files steps that come from another history at their own times, as {@code stored} makes them, under their own
     * sequence numbers ({@code ownSequences}: going back where they were) or the next of this history; then keeps the
     * head, and the whole within the bounds.
     */
    private void file(final CustomerKey key, final List<MovedHistoryStep> filed, final boolean ownSequences,
                      final Function<MovedHistoryStep, HistoryStep> stored) {
        if (!settings.enabled() || filed.isEmpty()) {
            return;
        }
        final String headKey = StoreKeys.profile(key.getWorkspaceId(), key.getCustomerId());
        final HistoryHead head = head(key, headKey, Optional.empty());
        long sequence = head == null ? 0 : head.getNextSequence();
        long count = head == null ? 0 : head.getCount();
        Instant newest = head == null ? null : head.getNewest();
        Instant oldest = head == null ? null : head.getOldest();
        for (final MovedHistoryStep step : filed) {
            final long at = ownSequences ? step.getSequence() : sequence;
            final HistoryStep kept = stored.apply(step);
            steps.put(Bytes.wrap(new HistoryKey(key.getWorkspaceId(), key.getCustomerId(), step.getKeyTime(), at)
                    .encode()), kept);
            count += HistoryRecords.entries(kept);
            sequence = Math.max(sequence, at + 1);
            newest = newest == null || step.getKeyTime().isAfter(newest) ? step.getKeyTime() : newest;
            oldest = oldest == null || step.getKeyTime().isBefore(oldest) ? step.getKeyTime() : oldest;
        }
        heads.put(headKey, bounded(key, new HistoryHead(newest, sequence, count, oldest,
                head == null ? null : head.getCompleteFrom())));
    }

    /** Erases the customer's whole history (its deletion, in the same step). */
    void erase(final CustomerKey key) {
        final List<Bytes> doomed = new ArrayList<>();
        try (KeyValueIterator<Bytes, HistoryStep> all = steps.prefixScan(
                HistoryKey.prefix(key.getWorkspaceId(), key.getCustomerId()), PREFIXES)) {
            all.forEachRemaining(step -> doomed.add(step.key));
        }
        doomed.forEach(step -> StoreWrites.remove(steps, step));
        StoreWrites.remove(heads, StoreKeys.profile(key.getWorkspaceId(), key.getCustomerId()));
    }

    /**
     * {@code head} after dropping what the bounds no longer keep: nothing is read while the count is within the
     * entry limit and the oldest step within the retention (counted from the newest key time); else the oldest
     * steps are read, oldest first, as far as they are dropped.
     */
    private HistoryHead bounded(final CustomerKey key, final HistoryHead head) {
        final HistoryBounds bounds = settings.bounds(key.getWorkspaceId());
        if (head.getCount() <= bounds.maxEntries() && !head.getOldest().isBefore(head.getNewest().minus(bounds.retention()))) {
            return head;
        }
        final List<KeyValue<Bytes, Integer>> read = new ArrayList<>();
        final HistoryBounds.Drop drop;
        final int doomed;
        final Optional<Instant> oldestKept;
        try (KeyValueIterator<Bytes, HistoryStep> oldestFirst = steps.reverseRange(
                Bytes.wrap(HistoryKey.prefix(key.getWorkspaceId(), key.getCustomerId())),
                Bytes.wrap(HistoryKey.end(key.getWorkspaceId(), key.getCustomerId())))) {
            final StepTimes times = new StepTimes(oldestFirst, read);
            drop = bounds.dropSteps(head.getCount(), times, head.getNewest());
            // Whole steps are dropped: the first of those read whose entries add up to the count dropped.
            long entries = 0;
            int steps = 0;
            while (steps < read.size() && entries < drop.count()) {
                entries += read.get(steps++).value;
            }
            doomed = steps;
            oldestKept = doomed < read.size() ? Optional.of(timeOf(read.get(doomed).key))
                    : times.hasNext() ? Optional.of(times.next().time()) : Optional.empty();
        }
        read.subList(0, doomed).forEach(step -> StoreWrites.remove(this.steps, step.key));
        return new HistoryHead(head.getNewest(), head.getNextSequence(), head.getCount() - drop.count(),
                oldestKept.orElse(head.getNewest()), drop.completeFrom().orElse(head.getCompleteFrom()));
    }

    private static Instant timeOf(final Bytes key) {
        return HistoryKey.decode(key.get()).time();
    }

    /** The steps of a scan as the bounds read them, remembering each key read and its entries, to delete those dropped. */
    private static final class StepTimes implements Iterator<HistoryBounds.Step> {

        private final KeyValueIterator<Bytes, HistoryStep> scan;
        private final List<KeyValue<Bytes, Integer>> read;

        StepTimes(final KeyValueIterator<Bytes, HistoryStep> scan, final List<KeyValue<Bytes, Integer>> read) {
            this.scan = scan;
            this.read = read;
        }

        @Override
        public boolean hasNext() {
            return scan.hasNext();
        }

        @Override
        public HistoryBounds.Step next() {
            if (!scan.hasNext()) {
                throw new NoSuchElementException();
            }
            final KeyValue<Bytes, HistoryStep> step = scan.next();
            final int entries = HistoryRecords.entries(step.value);
            read.add(KeyValue.pair(step.key, entries));
            return new HistoryBounds.Step(timeOf(step.key), entries);
        }
    }
}
