package org.opencdp.projector.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.HistoryChange;
import org.opencdp.avro.HistoryHead;
import org.opencdp.avro.Profile;
import org.opencdp.projector.history.HistoryBounds;
import org.opencdp.projector.history.HistoryContext;
import org.opencdp.projector.history.HistoryDiff;
import org.opencdp.projector.history.HistoryEntry;
import org.opencdp.projector.history.HistoryKey;
import org.opencdp.projector.history.HistoryRecords;
import org.opencdp.projector.history.HistorySettings;

/**
 * Writes each profile's history ({@link ProjectorTopology#HISTORY_STORE}, docs/history.md) beside the profile, in
 * the same task and so the same transaction: the processors that store a profile hand this the profile before
 * and after, and it files what {@link HistoryDiff} finds changed under the customer's prefix, newest first. The
 * customer's head ({@link ProjectorTopology#HISTORY_HEADS_STORE}) says where the next entry goes and what the
 * bounds need, so a write within them reads nothing but the head; one that passes a bound drops the oldest
 * entries in the same step.
 */
final class CustomerHistory {

    private static final ByteArraySerializer PREFIXES = new ByteArraySerializer();

    private final KeyValueStore<Bytes, HistoryChange> entries;
    private final KeyValueStore<String, HistoryHead> heads;
    private final HistorySettings settings;

    CustomerHistory(final KeyValueStore<Bytes, HistoryChange> entries, final KeyValueStore<String, HistoryHead> heads,
                    final HistorySettings settings) {
        this.entries = entries;
        this.heads = heads;
        this.settings = settings;
    }

    /** Files the changes from {@code before} to {@code after} made by one step with {@code context}. */
    void record(final CustomerKey key, final Optional<Profile> before, final Profile after, final HistoryContext context) {
        if (!settings.enabled()) {
            return;
        }
        final List<HistoryEntry> changes = HistoryDiff.between(before, after, context);
        if (changes.isEmpty()) {
            return;
        }
        final String headKey = StoreKeys.profile(key.getWorkspaceId(), key.getCustomerId());
        final HistoryHead head = heads.get(headKey);
        final Instant time = HistoryKey.keyTime(head == null ? null : head.getNewest(), context.at());
        long sequence = head == null ? 0 : head.getNextSequence();
        for (final HistoryEntry change : changes) {
            entries.put(Bytes.wrap(new HistoryKey(key.getWorkspaceId(), key.getCustomerId(), time, sequence++).encode()),
                    HistoryRecords.record(change));
        }
        final HistoryHead next = head == null
                ? new HistoryHead(time, sequence, (long) changes.size(), time, null)
                : new HistoryHead(time, sequence, head.getCount() + changes.size(), head.getOldest(), head.getCompleteFrom());
        heads.put(headKey, bounded(key, next));
    }

    /** Erases the customer's whole history (its deletion, in the same step). */
    void erase(final CustomerKey key) {
        final List<Bytes> doomed = new ArrayList<>();
        try (KeyValueIterator<Bytes, HistoryChange> all = entries.prefixScan(
                HistoryKey.prefix(key.getWorkspaceId(), key.getCustomerId()), PREFIXES)) {
            all.forEachRemaining(entry -> doomed.add(entry.key));
        }
        doomed.forEach(entries::delete);
        heads.delete(StoreKeys.profile(key.getWorkspaceId(), key.getCustomerId()));
    }

    /**
     * {@code head} after dropping what the bounds no longer keep: nothing is read while the count is within the
     * entry limit and the oldest entry within the retention (counted from the newest key time); else the oldest
     * entries are read, oldest first, as far as they are dropped.
     */
    private HistoryHead bounded(final CustomerKey key, final HistoryHead head) {
        final HistoryBounds bounds = settings.bounds();
        if (head.getCount() <= bounds.maxEntries() && !head.getOldest().isBefore(head.getNewest().minus(bounds.retention()))) {
            return head;
        }
        final byte[] prefix = HistoryKey.prefix(key.getWorkspaceId(), key.getCustomerId());
        final List<Bytes> read = new ArrayList<>();
        final HistoryBounds.Drop drop;
        final Optional<Instant> oldestKept;
        try (KeyValueIterator<Bytes, HistoryChange> oldestFirst = entries.reverseRange(
                Bytes.wrap(prefix), Bytes.wrap(HistoryKey.end(key.getWorkspaceId(), key.getCustomerId())))) {
            final KeyTimes times = new KeyTimes(oldestFirst, read);
            drop = bounds.drop(head.getCount(), times, head.getNewest());
            oldestKept = read.size() > drop.count() ? Optional.of(timeOf(read.get((int) drop.count())))
                    : times.hasNext() ? Optional.of(times.next()) : Optional.empty();
        }
        read.subList(0, (int) drop.count()).forEach(entries::delete);
        return new HistoryHead(head.getNewest(), head.getNextSequence(), head.getCount() - drop.count(),
                oldestKept.orElse(head.getNewest()), drop.completeFrom().orElse(head.getCompleteFrom()));
    }

    private static Instant timeOf(final Bytes key) {
        return HistoryKey.decode(key.get()).time();
    }

    /** The key times of a scan, remembering each key read, so those dropped can be deleted after it. */
    private static final class KeyTimes implements Iterator<Instant> {

        private final KeyValueIterator<Bytes, HistoryChange> scan;
        private final List<Bytes> read;

        KeyTimes(final KeyValueIterator<Bytes, HistoryChange> scan, final List<Bytes> read) {
            this.scan = scan;
            this.read = read;
        }

        @Override
        public boolean hasNext() {
            return scan.hasNext();
        }

        @Override
        public Instant next() {
            if (!scan.hasNext()) {
                throw new NoSuchElementException();
            }
            final KeyValue<Bytes, HistoryChange> entry = scan.next();
            read.add(entry.key);
            return timeOf(entry.key);
        }
    }
}
