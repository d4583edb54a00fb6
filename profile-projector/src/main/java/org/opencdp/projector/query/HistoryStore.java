package org.opencdp.projector.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.jboss.logging.Logger;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.HistoryPosition;
import org.opencdp.avro.HistoryStep;
import org.opencdp.avro.HistoryHead;
import org.opencdp.avro.Profile;
import org.opencdp.projector.history.AsOf;
import org.opencdp.projector.history.HistoryCursor;
import org.opencdp.projector.history.HistoryEntry;
import org.opencdp.projector.history.HistoryKey;
import org.opencdp.projector.history.HistoryMismatch;
import org.opencdp.projector.history.HistoryPage;
import org.opencdp.projector.history.HistoryQuery;
import org.opencdp.projector.history.HistoryRecords;
import org.opencdp.projector.history.ProfileHistory;
import org.opencdp.projector.topology.StoreKeys;
import org.opencdp.schemas.serde.RecordSize;

/**
 * Interactive queries on a customer's history ({@code customer-history}, docs/history.md), read beside its
 * profile in the partition that holds both: a page of entries (one range scan, newest first) and the profile as
 * of an instant (the current profile with the entries after the instant undone: one forward scan).
 */
@ApplicationScoped
public class HistoryStore {

    private static final Logger LOG = Logger.getLogger(HistoryStore.class);

    /**
     * Encoded bytes of entries after which a page ends early (with a cursor): an entry can hold a whole array
     * field twice, so a page of {@code limit} entries is also bounded in size. A page holds at least one entry.
     */
    static final long MAX_PAGE_BYTES = 4L << 20;
    /** What an entry adds to a page besides its value: its name, time, request id and source. */
    private static final long ENTRY_FRAME_BYTES = 64;

    private final ProfileStore profiles;

    HistoryStore(final ProfileStore profiles) {
        this.profiles = profiles;
    }

    /**
     * A page of the customer's history (empty when there is no such customer), forwarded as {@code path} (the
     * route's path and query) to the instance that holds it.
     */
    public InteractiveQueries.CustomerRead<Optional<HistoryPage>> page(final CustomerKey key, final HistoryQuery query,
                                                                       final String path) {
        return new InteractiveQueries.CustomerRead<>(path,
                after -> profiles.lookup(key, after, partition -> page(key, partition, query)));
    }

    /** The customer's profile as it stood at {@code instant}, forwarded as {@code path}. */
    public InteractiveQueries.CustomerRead<AsOf> asOf(final CustomerKey key, final Instant instant, final String path) {
        return new InteractiveQueries.CustomerRead<>(path,
                after -> profiles.lookup(key, after, partition -> asOf(key, partition, instant)));
    }

    /** The customer's profile as it stood at {@code position} of its history, forwarded as {@code path}. */
    public InteractiveQueries.CustomerRead<AsOf> atPosition(final CustomerKey key, final HistoryPosition position,
                                                             final String path) {
        return new InteractiveQueries.CustomerRead<>(path,
                after -> profiles.lookup(key, after, partition -> atPosition(key, partition, position)));
    }

    private Optional<HistoryPage> page(final CustomerKey key, final int partition, final HistoryQuery query) {
        final Optional<Profile> current = profiles.profile(key, partition);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        final Optional<Instant> completeFrom = completeFrom(key, partition);
        final String workspace = key.getWorkspaceId();
        final String customer = key.getCustomerId();
        final Optional<Bytes> cursor = query.after().map(at -> Bytes.wrap(at.key(workspace, customer).encode()));
        final Bytes start = cursor.orElseGet(() -> Bytes.wrap(query.to() == null ? HistoryKey.prefix(workspace, customer)
                : HistoryKey.from(workspace, customer, query.to())));
        final Bytes end = Bytes.wrap(query.from() == null ? HistoryKey.end(workspace, customer)
                : HistoryKey.until(workspace, customer, query.from()));
        if (start.compareTo(end) > 0) {
            return Optional.of(new HistoryPage(List.of(), Optional.empty(), completeFrom, false));
        }
        try (KeyValueIterator<Bytes, HistoryStep> scan = steps(key, partition, current.get(), start, end)) {
            return Optional.of(walk(scan, cursor, query, completeFrom, stored -> stored.value.getCreated() == 0
                    ? HistoryRecords.newestFirst(stored.value) : created(key, partition, current.get(), stored, completeFrom)));
        }
    }

    /**
     * One page from a newest-first scan of steps, {@code entriesOf} giving each step's entries: after the entries the
     * page before gave of the step at {@code cursor}, at most {@code limit} matching entries, {@link #MAX_PAGE_BYTES}
     * and {@link HistoryQuery#MAX_SCANNED} entries read. A page that ends before entry {@code i} of a step names
     * that step and {@code i} as its cursor ({@code i} may be 0: the next page starts with the step). A step may
     * have no entries (a creation the history no longer rebuilds, a moved step of no change): it is passed over.
     */
    static HistoryPage walk(final KeyValueIterator<Bytes, HistoryStep> scan, final Optional<Bytes> cursor,
                            final HistoryQuery query, final Optional<Instant> completeFrom,
                            final Function<KeyValue<Bytes, HistoryStep>, List<HistoryEntry>> entriesOf) {
        final List<HistoryEntry> entries = new ArrayList<>();
        long bytes = 0;
        int scanned = 0;
        while (scan.hasNext()) {
            final KeyValue<Bytes, HistoryStep> stored = scan.next();
            final HistoryKey at = HistoryKey.decode(stored.key.get());
            final List<HistoryEntry> step = entriesOf.apply(stored);
            // The page before ended in this step after giving some of its entries: go on after them.
            final int skip = cursor.isPresent() && stored.key.equals(cursor.get()) ? query.cursor().given() : 0;
            final long perEntry = skip < step.size() ? encodedSize(stored.value, step) / step.size() : 0;
            for (int i = skip; i < step.size(); i++) {
                if (entries.size() == query.limit() || bytes >= MAX_PAGE_BYTES || scanned == HistoryQuery.MAX_SCANNED) {
                    // Ends before entry i of this step: the next page starts there.
                    final boolean truncated = entries.size() < query.limit() && bytes < MAX_PAGE_BYTES;
                    return new HistoryPage(entries, Optional.of(new HistoryCursor(at.time(), at.sequence(), i)),
                            completeFrom, truncated);
                }
                scanned++;
                if (query.matches(step.get(i))) {
                    entries.add(step.get(i));
                    bytes += perEntry;
                }
            }
        }
        return new HistoryPage(entries, Optional.empty(), completeFrom, false);
    }

    /**
     * The entries of the step that created the profile, rebuilt from the profile now with every newer step undone
     * (one more scan, from the newest step to it: only a page that reaches a profile's first step makes it). None
     * when a newer step was kept without its replaced values (the history is complete only from after it), since
     * undoing that step would not give the profile as it was.
     */
    private List<HistoryEntry> created(final CustomerKey key, final int partition, final Profile current,
                                       final KeyValue<Bytes, HistoryStep> creation, final Optional<Instant> completeFrom) {
        if (completeFrom.isPresent()) {
            return List.of();
        }
        final List<HistoryEntry> newer = new ArrayList<>();
        try (KeyValueIterator<Bytes, HistoryStep> scan = steps(key, partition, current,
                Bytes.wrap(HistoryKey.prefix(key.getWorkspaceId(), key.getCustomerId())), creation.key)) {
            scan.forEachRemaining(step -> {
                if (!step.key.equals(creation.key)) {
                    newer.addAll(HistoryRecords.newestFirst(step.value));
                }
            });
        }
        try {
            return HistoryRecords.created(creation.value, ProfileHistory.undone(current, newer));
        } catch (HistoryMismatch mismatch) {
            LOG.warnf("History of %s shows its creation without entries: %s", key.getCustomerId(), mismatch.getMessage());
            return List.of();
        }
    }

    /** The step's size as the page bound counts it: as stored, or for a creation step, its values' encoded size. */
    private static long encodedSize(final HistoryStep step, final List<HistoryEntry> entries) {
        if (step.getCreated() > 0) {
            return entries.stream().mapToLong(entry -> ENTRY_FRAME_BYTES
                    + (entry.newValue() instanceof SpecificRecord value ? RecordSize.of(value) : ENTRY_FRAME_BYTES)).sum();
        }
        return RecordSize.of(step);
    }

    private AsOf asOf(final CustomerKey key, final int partition, final Instant instant) {
        final Optional<Profile> current = profiles.profile(key, partition);
        if (current.isEmpty()) {
            return new AsOf.Absent();
        }
        final Optional<Instant> completeFrom = completeFrom(key, partition);
        if (completeFrom.isPresent() && instant.isBefore(completeFrom.get())) {
            return new AsOf.Incomplete(completeFrom.get());
        }
        try (KeyValueIterator<Bytes, HistoryStep> newestFirst = steps(key, partition, current.get(),
                Bytes.wrap(HistoryKey.prefix(key.getWorkspaceId(), key.getCustomerId())),
                Bytes.wrap(HistoryKey.end(key.getWorkspaceId(), key.getCustomerId())))) {
            final Iterable<HistoryEntry> entries = () -> new Iterator<>() {
                private Iterator<HistoryEntry> step = Collections.emptyIterator();

                @Override
                public boolean hasNext() {
                    while (!step.hasNext() && newestFirst.hasNext()) {
                        step = HistoryRecords.newestFirst(newestFirst.next().value).iterator();
                    }
                    return step.hasNext();
                }

                @Override
                public HistoryEntry next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return step.next();
                }
            };
            try {
                return ProfileHistory.asOf(current.get(), entries, instant).<AsOf>map(AsOf.Found::new)
                        .orElseGet(AsOf.Absent::new);
            } catch (HistoryMismatch mismatch) {
                LOG.warnf("History of %s answers as_of from %s only: %s", key.getCustomerId(), mismatch.at(),
                        mismatch.getMessage());
                return new AsOf.Incomplete(mismatch.at());
            }
        }
    }

    /** The profile at {@code position}: {@link ProfileHistory#atPosition} over the customer's stored steps. */
    private AsOf atPosition(final CustomerKey key, final int partition, final HistoryPosition position) {
        final Optional<Profile> current = profiles.profile(key, partition);
        if (current.isEmpty()) {
            return new AsOf.Absent();
        }
        try (KeyValueIterator<Bytes, HistoryStep> newestFirst = steps(key, partition, current.get(),
                Bytes.wrap(HistoryKey.prefix(key.getWorkspaceId(), key.getCustomerId())),
                Bytes.wrap(HistoryKey.end(key.getWorkspaceId(), key.getCustomerId())))) {
            return ProfileHistory.atPosition(current.get(), new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return newestFirst.hasNext();
                }

                @Override
                public Map.Entry<HistoryKey, HistoryStep> next() {
                    final KeyValue<Bytes, HistoryStep> stored = newestFirst.next();
                    return Map.entry(HistoryKey.decode(stored.key.get()), stored.value);
                }
            }, completeFrom(key, partition), position);
        } catch (HistoryMismatch mismatch) {
            LOG.warnf("History of %s answers as_of_position from %s only: %s", key.getCustomerId(), mismatch.at(),
                    mismatch.getMessage());
            return new AsOf.Incomplete(mismatch.at());
        }
    }

    /**
     * The customer's steps from {@code from} to {@code to} that {@code current} reflects, newest first: those in the
     * store, then the creation step the profile holds ({@code creation_step}: its oldest, kept there until its next
     * step files it), unless the store has it too or it lies outside the range.
     *
     * <p>The profile is read before the scan, while the stream thread goes on folding: the fold files a step before
     * it stores the profile stamped with the step's position, so the scan holds every step the profile reflects, and
     * may hold newer ones. Those are left out (a step of the customer's own filed after its {@code history_position}),
     * so that the entries shown and a creation or {@code as_of} rebuilt by undoing them agree with the profile read.
     * Steps a merge brought ({@code merged_from}) are never undone and keep their own times: they are all shown.
     */
    private KeyValueIterator<Bytes, HistoryStep> steps(final CustomerKey key, final int partition, final Profile current,
                                                       final Bytes from, final Bytes to) {
        final HistoryPosition position = current.getHistoryPosition();
        if (position == null) {
            return profiles.history(partition).range(from, to);
        }
        final Bytes positionKey = Bytes.wrap(new HistoryKey(key.getWorkspaceId(), key.getCustomerId(),
                position.getTime(), position.getSequence()).encode());
        final Bytes heldKey = Bytes.wrap(new HistoryKey(key.getWorkspaceId(), key.getCustomerId(),
                position.getTime(), 0).encode());
        final boolean held = current.getCreationStep() != null && heldKey.compareTo(from) >= 0 && heldKey.compareTo(to) <= 0;
        return new ReflectedSteps(profiles.history(partition).range(from, to), positionKey,
                held ? KeyValue.pair(heldKey, current.getCreationStep()) : null);
    }

    /**
     * A newest-first scan without the customer's own steps filed after {@code position} (the key of the profile's
     * {@code history_position}; keys are newest first, so theirs sort before it: {@link #steps}), a merge's moved
     * steps passing wherever they are; then {@code held}, the creation step the profile holds (null: none), unless
     * the scan gave its key.
     */
    static final class ReflectedSteps implements KeyValueIterator<Bytes, HistoryStep> {

        private final KeyValueIterator<Bytes, HistoryStep> stored;
        private final Bytes position;
        private KeyValue<Bytes, HistoryStep> held;
        private KeyValue<Bytes, HistoryStep> next;

        ReflectedSteps(final KeyValueIterator<Bytes, HistoryStep> stored, final Bytes position,
                       final KeyValue<Bytes, HistoryStep> held) {
            this.stored = stored;
            this.position = position;
            this.held = held;
        }

        @Override
        public boolean hasNext() {
            while (next == null && stored.hasNext()) {
                final KeyValue<Bytes, HistoryStep> step = stored.next();
                if (step.key.compareTo(position) >= 0 || !step.value.getMergedFrom().isEmpty()) {
                    if (held != null && held.key.equals(step.key)) {
                        held = null;
                    }
                    next = step;
                }
            }
            if (next == null && held != null) {
                next = held;
                held = null;
            }
            return next != null;
        }

        @Override
        public KeyValue<Bytes, HistoryStep> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            final KeyValue<Bytes, HistoryStep> step = next;
            next = null;
            return step;
        }

        @Override
        public Bytes peekNextKey() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return next.key;
        }

        @Override
        public void close() {
            stored.close();
        }
    }

    private Optional<Instant> completeFrom(final CustomerKey key, final int partition) {
        final HistoryHead head = profiles.historyHeads(partition).get(StoreKeys.profile(key.getWorkspaceId(),
                key.getCustomerId()));
        return head == null ? Optional.empty() : Optional.ofNullable(head.getCompleteFrom());
    }
}
