package org.opencdp.projector.query;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.Profile;
import org.opencdp.projector.segment.EventCounts;
import org.opencdp.projector.topology.CustomerSegments;
import org.opencdp.projector.topology.ProjectorTopology;

/**
 * Interactive queries on a customer's segment state, read beside its profile in the partition that holds both (the
 * fold keeps them in one task): the segments it is in, its event counts, its profile. What
 * {@code GET /customers/{id}/segments} and {@code GET /segments/{id}/explain/{customer_id}} answer from.
 */
@ApplicationScoped
public class SegmentStates {

    private final ProfileStore profiles;

    SegmentStates(final ProfileStore profiles) {
        this.profiles = profiles;
    }

    /** A customer's segment state; {@code profile} empty when there is no such customer. */
    public record State(Optional<Profile> profile, Set<String> memberships, EventCounts counts) {
    }

    /** The customer's state, forwarded as {@code path} (the route's path and query) to the instance that holds it. */
    public InteractiveQueries.CustomerRead<State> state(final CustomerKey key, final String path) {
        return new InteractiveQueries.CustomerRead<>(path, after -> profiles.lookup(key, after, partition -> state(key, partition)));
    }

    private State state(final CustomerKey key, final int partition) {
        final String stored = CustomerSegments.storeKey(key);
        final String members = profiles.<String, String>store(ProjectorTopology.SEGMENT_MEMBERSHIPS_STORE, partition).get(stored);
        final byte[] counts = profiles.<String, byte[]>store(ProjectorTopology.EVENT_COUNTS_STORE, partition).get(stored);
        return new State(profiles.profile(key, partition), CustomerSegments.parse(members),
                counts == null ? new EventCounts() : EventCounts.fromBytes(counts));
    }
}
