package org.opencdp.projector.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.Profile;
import org.opencdp.platform.streams.StoreKey;
import org.opencdp.schemas.serde.RecordSize;
import org.opencdp.projector.topology.ProjectorTopology;

/**
 * A segment's members in pages ({@code GET /segments/{id}/members}): partition by partition of the fold's
 * {@link ProjectorTopology#SEGMENT_MEMBERS_STORE}, by customer id within a partition, each partition read where it is
 * active; the same walk and cursor as the listing of every customer ({@link ListingStore#walk}), so a cursor means
 * the same on every instance.
 */
@ApplicationScoped
public class SegmentMembers {

    private final ListingStore listing;
    private final ProfileStore profiles;

    SegmentMembers(final ListingStore listing, final ProfileStore profiles) {
        this.listing = listing;
        this.profiles = profiles;
    }

    /** The page of customer ids that starts at {@code cursor}, forwarded as {@code path} where its partition is active. */
    public InteractiveQueries.CustomerRead<ListingStore.Paged<String>> page(final String workspaceId, final String segmentId,
                                                                           final ListingCursor cursor, final int limit,
                                                                           final String path) {
        final ListingStore.PartitionReader<String> reader = (at, room, page, bytes) -> read(workspaceId, segmentId, at, room, page);
        return new InteractiveQueries.CustomerRead<>(path, after -> listing.walk(cursor, limit, after, reader));
    }

    /**
     * The page of member profiles that starts at {@code cursor} (a member's profile is in the same partition as its
     * membership), forwarded as {@code path} where its partition is active.
     */
    public InteractiveQueries.CustomerRead<ListingStore.Paged<Profile>> profiles(final String workspaceId,
                                                                                final String segmentId,
                                                                                final ListingCursor cursor,
                                                                                final int limit, final String path) {
        final ListingStore.PartitionReader<Profile> reader = (at, room, page, bytes) -> {
            final List<String> ids = new ArrayList<>();
            final Optional<String> last = read(workspaceId, segmentId, at, room, ids);
            for (final String id : ids) {
                profiles.profile(new CustomerKey(workspaceId, id), at.partition())
                        .filter(profile -> profile.getMergedInto() == null)
                        .ifPresent(profile -> {
                            page.add(profile);
                            bytes[0] += RecordSize.of(profile);
                        });
            }
            return last;
        };
        return new InteractiveQueries.CustomerRead<>(path, after -> listing.walk(cursor, limit, after, reader));
    }

    private Optional<String> read(final String workspaceId, final String segmentId, final ListingCursor at,
                                  final int room, final List<String> page) {
        final ReadOnlyKeyValueStore<String, String> store = profiles.store(ProjectorTopology.SEGMENT_MEMBERS_STORE, at.partition());
        final String from = at.after().map(id -> StoreKey.of(workspaceId, segmentId, id)).orElse(StoreKey.lowerBound(workspaceId, segmentId));
        String last = null;
        int added = 0;
        try (KeyValueIterator<String, String> scan = store.range(from, StoreKey.upperBound(workspaceId, segmentId))) {
            while (scan.hasNext()) {
                final KeyValue<String, String> entry = scan.next();
                final String customer = StoreKey.last(entry.key);
                if (at.after().isPresent() && customer.equals(at.after().get())) {
                    continue;
                }
                if (added == room) {
                    return Optional.ofNullable(last);
                }
                page.add(customer);
                last = customer;
                added++;
            }
        }
        return Optional.empty();
    }
}
