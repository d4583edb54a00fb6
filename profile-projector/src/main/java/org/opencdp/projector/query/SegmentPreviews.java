package org.opencdp.projector.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.Profile;
import org.opencdp.projector.segment.EventCounts;
import org.opencdp.projector.segment.SegmentDefinition;
import org.opencdp.projector.segment.SegmentEvaluator;
import org.opencdp.projector.topology.CustomerSegments;
import org.opencdp.projector.topology.ProjectorTopology;

/**
 * The preview of an unsaved definition ({@code POST /segments/preview}): the workspace's profiles walked as the
 * listing walks them ({@link ListingStore#walk}, each partition where it is active), each decided by the same
 * {@link SegmentEvaluator} the fold uses, with the customer's stored event counts and memberships of other segments.
 * Nothing is written. A step reads at most {@link #SCAN} profiles of a partition, so a page's work is bounded
 * whatever the workspace's size; the route adds pages up within its time budget.
 */
@ApplicationScoped
public class SegmentPreviews {

    /** Profiles one step reads in a partition. */
    static final int SCAN = 5_000;
    /** Members a preview names (contract section 11: "up to 20 members"). */
    public static final int SAMPLE = 20;

    private final ListingStore listing;
    private final ProfileStore profiles;

    SegmentPreviews(final ListingStore listing, final ProfileStore profiles) {
        this.listing = listing;
        this.profiles = profiles;
    }

    /**
     * What one step of a partition found.
     *
     * @param scanned profiles decided
     * @param matched of those, members
     * @param sample  the first members' ids, at most {@link #SAMPLE}
     */
    public record Tally(long scanned, long matched, List<String> sample) {

        public Tally {
            sample = List.copyOf(sample);
        }
    }

    /**
     * The page of steps that starts at {@code cursor}, at most {@code steps} of them, forwarded as {@code path}
     * (with the query's body, the definition) where its partition is active.
     */
    public InteractiveQueries.CustomerRead<ListingStore.Paged<Tally>> page(final String workspaceId,
                                                                          final SegmentDefinition definition,
                                                                          final Instant now, final ListingCursor cursor,
                                                                          final int steps, final String path) {
        final ListingStore.PartitionReader<Tally> reader = (at, room, page, bytes) -> step(workspaceId, definition, now, at, page);
        return new InteractiveQueries.CustomerRead<>(path, after -> listing.walk(cursor, steps, after, reader));
    }

    private Optional<String> step(final String workspaceId, final SegmentDefinition definition, final Instant now,
                                  final ListingCursor at, final List<Tally> page) {
        final ReadOnlyKeyValueStore<CustomerKey, Profile> store = profiles.store(ProjectorTopology.PROFILE_STORE, at.partition());
        final ReadOnlyKeyValueStore<String, String> memberships = profiles.store(ProjectorTopology.SEGMENT_MEMBERSHIPS_STORE, at.partition());
        final ReadOnlyKeyValueStore<String, byte[]> counts = profiles.store(ProjectorTopology.EVENT_COUNTS_STORE, at.partition());
        final String after = at.after().orElse("");
        long scanned = 0;
        long matched = 0;
        final List<String> sample = new ArrayList<>();
        String last = null;
        try (KeyValueIterator<CustomerKey, Profile> scan = store.range(new CustomerKey(workspaceId, after), null)) {
            while (scan.hasNext()) {
                final KeyValue<CustomerKey, Profile> entry = scan.next();
                if (!entry.key.getWorkspaceId().equals(workspaceId)) {
                    break;
                }
                if (at.after().isPresent() && entry.key.getCustomerId().equals(after)) {
                    continue;
                }
                if (scanned == SCAN) {
                    page.add(new Tally(scanned, matched, sample));
                    return Optional.of(last);
                }
                last = entry.key.getCustomerId();
                scanned++;
                if (entry.value.getMergedInto() != null) {
                    continue;
                }
                final String key = CustomerSegments.storeKey(entry.key);
                final byte[] stored = counts.get(key);
                if (SegmentEvaluator.matches(definition, entry.value,
                        stored == null ? new EventCounts() : EventCounts.fromBytes(stored), now,
                        CustomerSegments.parse(memberships.get(key)))) {
                    matched++;
                    if (sample.size() < SAMPLE) {
                        sample.add(entry.key.getCustomerId());
                    }
                }
            }
        }
        page.add(new Tally(scanned, matched, sample));
        return Optional.empty();
    }
}
