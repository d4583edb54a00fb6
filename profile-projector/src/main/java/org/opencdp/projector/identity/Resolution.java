package org.opencdp.projector.identity;

import java.util.List;
import java.util.Map;

import org.opencdp.avro.Identifier;
import org.opencdp.avro.ProfileIdentity;

/**
 * What the resolver decided for one request: the live profile its commands go to ({@code existing} when the
 * resolver knew it before), the profiles merged into it, and the new state to store: every changed profile
 * identity and every identifier assignment.
 */
public record Resolution(String profileId, boolean existing, List<Merge> merges,
                         Map<String, ProfileIdentity> profiles, Map<Identifier, String> assignments) {

    public Resolution {
        merges = List.copyOf(merges);
        profiles = Map.copyOf(profiles);
        assignments = Map.copyOf(assignments);
    }

    /** {@code absorbedId} is merged into the resolution's profile; {@code mergeId} is deterministic per request. */
    public record Merge(String mergeId, String absorbedId) {
    }
}
