package org.opencdp.projector.topology;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.Profile;
import org.opencdp.avro.SegmentMembership;
import org.opencdp.avro.SegmentMembershipKey;
import org.opencdp.projector.customer.PlatformEvents;
import org.opencdp.projector.customer.ProfileBound;
import org.opencdp.projector.segment.EventCounts;
import org.opencdp.projector.segment.MembershipChanges;
import org.opencdp.projector.segment.SegmentSet;
import org.opencdp.projector.segment.SegmentSets;

/**
 * A customer's segment memberships, kept by the fold next to its profile (same partition, same task, so the profile,
 * the counts and the memberships commit together, exactly once): after every write that changed the profile, every
 * event and every deletion, the workspace's segments are evaluated ({@link MembershipChanges}); each entry and exit
 * becomes a {@code segment.entered}/{@code segment.exited} event on enriched-events and a record (or tombstone) on
 * segment-memberships. A workspace without segments costs nothing: no store is read. See docs/segments.md.
 */
final class CustomerSegments {

    /** Segment ids in a stored membership list are separated by this (ids are the server's UUIDs). */
    private static final String SEPARATOR = "\n";

    private final ProcessorContext<Object, Object> context;
    private final SegmentSets sets;
    private final ProfileBound bound;
    /** workspace U+0000 customer → the ids of the segments it is in. */
    private final KeyValueStore<String, String> memberships;
    /** workspace U+0000 customer → its {@link EventCounts}, of the events some segment counts. */
    private final KeyValueStore<String, byte[]> counts;

    CustomerSegments(final ProcessorContext<Object, Object> context, final SegmentSets sets, final ProfileBound bound) {
        this.context = context;
        this.sets = sets;
        this.bound = bound;
        this.memberships = context.getStateStore(ProjectorTopology.SEGMENT_MEMBERSHIPS_STORE);
        this.counts = context.getStateStore(ProjectorTopology.EVENT_COUNTS_STORE);
    }

    /** After a write that upserted {@code profile} (not yet stored). */
    void upserted(final Record<byte[], byte[]> record, final CustomerKey key, final CustomerCommand command,
                  final Profile profile) {
        final SegmentSet set = sets.of(key.getWorkspaceId());
        if (!set.isEmpty()) {
            decide(record, key, command, set, profile, storedCounts(key), profile);
        }
    }

    /** After a caller's event: counted when some segment counts its name, then the customer is evaluated. */
    void event(final Record<byte[], byte[]> record, final CustomerKey key, final CustomerCommand command,
               final EnrichedEvent event, final Optional<Profile> profile) {
        final SegmentSet set = sets.of(key.getWorkspaceId());
        if (set.isEmpty() || profile.isEmpty()) {
            return;
        }
        final EventCounts customerCounts = storedCounts(key);
        if (set.events().contains(event.getName())) {
            customerCounts.add(event.getName(), event.getTimestamp(), 1);
            customerCounts.prune(now(), set.longestWindow());
            counts.put(storeKey(key), customerCounts.toBytes());
        }
        decide(record, key, command, set, profile.get(), customerCounts, profile.get());
    }

    /** After a deletion: the customer leaves every segment it was in (reason {@code deleted}); its counts go. */
    void deleted(final Record<byte[], byte[]> record, final CustomerKey key, final CustomerCommand command) {
        counts.delete(storeKey(key));
        final SegmentSet set = sets.of(key.getWorkspaceId());
        if (memberships.get(storeKey(key)) != null) {
            decide(record, key, command, set, null, null, PlatformEvents.erased(command));
        }
    }

    private void decide(final Record<byte[], byte[]> record, final CustomerKey key, final CustomerCommand command,
                        final SegmentSet set, final Profile profile, final EventCounts customerCounts,
                        final Profile snapshot) {
        final String storeKey = storeKey(key);
        final MembershipChanges.Result result = MembershipChanges.evaluate(set, parse(memberships.get(storeKey)),
                profile, customerCounts, now());
        if (!result.changed()) {
            return;
        }
        if (result.members().isEmpty()) {
            memberships.delete(storeKey);
        } else {
            memberships.put(storeKey, result.members().stream().sorted().collect(Collectors.joining(SEPARATOR)));
        }
        final String workspace = key.getWorkspaceId();
        for (final MembershipChanges.Change change : result.changes()) {
            context.forward(record.withKey(key).withValue(bound.fit(PlatformEvents.segment(command, change, snapshot))),
                    ProjectorTopology.ENRICHED_EVENTS_SINK);
            final SegmentMembershipKey member = new SegmentMembershipKey(workspace, change.segmentId(), key.getCustomerId());
            context.forward(record.withKey(member).withValue(change.entered()
                    ? new SegmentMembership(workspace, change.segmentId(), change.segmentName(), key.getCustomerId(),
                    command.getTimestamp(), change.reason()) : null), ProjectorTopology.SEGMENT_MEMBERSHIPS_SINK);
        }
        for (final String gone : result.dropped()) {
            context.forward(record.withKey(new SegmentMembershipKey(workspace, gone, key.getCustomerId())).withValue(null),
                    ProjectorTopology.SEGMENT_MEMBERSHIPS_SINK);
        }
    }

    private EventCounts storedCounts(final CustomerKey key) {
        final byte[] stored = counts.get(storeKey(key));
        return stored == null ? new EventCounts() : EventCounts.fromBytes(stored);
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    static String storeKey(final CustomerKey key) {
        return StoreKeys.profile(key.getWorkspaceId(), key.getCustomerId());
    }

    static Set<String> parse(final String stored) {
        return stored == null || stored.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(stored.split(SEPARATOR)));
    }
}
