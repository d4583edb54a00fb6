package org.opencdp.projector.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.Profile;
import org.opencdp.platform.query.InstanceAddress;
import org.opencdp.platform.query.KeyOwners;
import org.opencdp.platform.query.LocalStores;
import org.opencdp.platform.query.Lookup;
import org.opencdp.projector.topology.ProjectorTopology;
import org.opencdp.schemas.ConsistencyToken;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.RecordSize;

/**
 * Every profile of a workspace, in pages (contract section 12, {@code GET /customers?cursor=&limit=}): partition by
 * partition of the profile store, each read where it is active. A workspace's keys are contiguous in a partition
 * (a key's bytes begin with its workspace id), so a page is one range scan from the cursor; a profile merged into
 * another is a redirect, not a customer, and is not listed.
 */
@ApplicationScoped
public class ListingStore {

    /** Profiles of other workspaces' or redirects a page reads past at most, so a page stays short. */
    static final int MAX_SKIPPED = 10_000;
    /** Encoded bytes of profiles after which a page ends early: a profile may be large. A page holds at least one. */
    static final long MAX_PAGE_BYTES = 4L << 20;

    private final KeyOwners owners;
    private final LocalStores stores;
    private final ProfileStore profiles;
    /**
     * The most partitions of customer-commands the assignments have shown since this instance started. A topic's
     * partitions never shrink, and a rebalance completes with every partition assigned; while a later one moves a
     * partition, the assignments may leave it (the highest, too) to nobody. A walk goes to this count, so it waits
     * for (and answers 503 on) a partition being moved instead of ending before it, a page short.
     */
    private final AtomicInteger partitionsSeen = new AtomicInteger();

    ListingStore(final KafkaStreams streams, final InstanceAddress self, final ProfileStore profiles) {
        this.owners = new KeyOwners(streams, self);
        this.stores = new LocalStores(streams);
        this.profiles = profiles;
    }

    /**
     * The page that starts at {@code cursor}, from the instance where its partition is active, once each partition
     * it reads reflects the write {@code after} names there (forwarded as {@code path}, the route's path and query).
     */
    public InteractiveQueries.CustomerRead<Paged<Profile>> page(final String workspaceId, final ListingCursor cursor,
                                                                final int limit, final String path) {
        return new InteractiveQueries.CustomerRead<>(path, after -> page(workspaceId, cursor, limit, after));
    }

    private Lookup<Paged<Profile>> page(final String workspaceId, final ListingCursor cursor, final int limit,
                                        final ConsistencyToken after) {
        final PartitionReader<Profile> reader = (at, room, page, bytes) -> read(workspaceId, at, room, page, bytes);
        return walk(cursor, limit, after, reader);
    }

    /**
     * Reads up to {@code room} items of the cursor's partition, after its id, into {@code page} (adding what they
     * weigh to {@code bytes[0]}); answers the id to go on from when the partition may hold more, empty at its end.
     */
    @FunctionalInterface
    public interface PartitionReader<T> {
        Optional<String> read(ListingCursor at, int room, List<T> page, long[] bytes);
    }

    /** A page of what is listed partition by partition (profiles, a segment's members), and where the next one starts (empty after the last). */
    public record Paged<T>(List<T> items, Optional<ListingCursor> next) {
    }

    /**
     * The page that starts at {@code cursor}, read by {@code reader} partition by partition where the cursor's
     * partition is active, once each partition it reads reflects the write {@code after} names: the one walk of
     * every listing (profiles, a segment's members).
     */
    <T> Lookup<Paged<T>> walk(final ListingCursor cursor, final int limit, final ConsistencyToken after,
                              final PartitionReader<T> reader) {
        final int assigned = owners.partitions(ProjectorTopology.PROFILE_STORE, Topics.CUSTOMER_COMMANDS.name());
        if (assigned == 0) {
            return new Lookup.Unavailable<>("the profile store's partitions are not all assigned yet");
        }
        final int partitions = partitionsSeen.accumulateAndGet(assigned, Math::max);
        if (cursor.partition() >= partitions) {
            return new Lookup.Found<>(new Paged<>(List.of(), Optional.empty()));
        }
        return owners.partition(ProjectorTopology.PROFILE_STORE, Topics.CUSTOMER_COMMANDS.name(), cursor.partition(),
                partition -> local(cursor, limit, partitions, after, reader));
    }

    /**
     * Reads this instance's partitions from the cursor's on, as long as they are active here, reflect the token and
     * the page has room. The cursor's own partition behind the token: the query waits for it ({@link Lookup.Behind}).
     */
    private <T> Lookup<Paged<T>> local(final ListingCursor cursor, final int limit, final int partitions,
                                       final ConsistencyToken after, final PartitionReader<T> reader) {
        if (!profiles.reflects(cursor.partition(), after.offsetFor(cursor.partition()))) {
            return new Lookup.Behind<>(cursor.partition(), after.offsetFor(cursor.partition()).getAsLong());
        }
        final Set<Integer> here = stores.partitionsOn(ProjectorTopology.PROFILE_STORE, Topics.CUSTOMER_COMMANDS.name(),
                owners.self().host());
        final List<T> page = new ArrayList<>();
        final long[] bytes = {0};
        ListingCursor at = cursor;
        while (true) {
            final Optional<String> last = reader.read(at, limit - page.size(), page, bytes);
            if (last.isPresent()) {
                return new Lookup.Found<>(new Paged<>(page, Optional.of(new ListingCursor(at.partition(), last))));
            }
            final int next = at.partition() + 1;
            if (next >= partitions) {
                return new Lookup.Found<>(new Paged<>(page, Optional.empty()));
            }
            at = new ListingCursor(next, Optional.empty());
            if (page.size() == limit || bytes[0] >= MAX_PAGE_BYTES || !here.contains(next)
                    || !profiles.reflects(next, after.offsetFor(next))) {
                return new Lookup.Found<>(new Paged<>(page, Optional.of(at)));
            }
        }
    }

    /**
     * Adds up to {@code room} profiles of the workspace from the cursor's partition to {@code page}; the id to go on
     * from when the partition may hold more, empty when it was read to the workspace's end.
     */
    private Optional<String> read(final String workspaceId, final ListingCursor cursor, final int room,
                                  final List<Profile> page, final long[] bytes) {
        final ReadOnlyKeyValueStore<CustomerKey, Profile> store = stores.active(ProjectorTopology.PROFILE_STORE,
                cursor.partition());
        final String after = cursor.after().orElse("");
        int added = 0;
        int skipped = 0;
        String last = null;
        try (KeyValueIterator<CustomerKey, Profile> scan = store.range(new CustomerKey(workspaceId, after), null)) {
            while (scan.hasNext()) {
                final KeyValue<CustomerKey, Profile> entry = scan.next();
                if (!entry.key.getWorkspaceId().equals(workspaceId)) {
                    return Optional.empty();
                }
                if (cursor.after().isPresent() && entry.key.getCustomerId().equals(after)) {
                    continue;
                }
                if (added == room || bytes[0] >= MAX_PAGE_BYTES) {
                    return Optional.ofNullable(last);
                }
                last = entry.key.getCustomerId();
                if (entry.value.getMergedInto() == null) {
                    page.add(entry.value);
                    bytes[0] += RecordSize.of(entry.value);
                    added++;
                } else if (++skipped == MAX_SKIPPED) {
                    return Optional.of(last);
                }
            }
        }
        return Optional.empty();
    }

}
