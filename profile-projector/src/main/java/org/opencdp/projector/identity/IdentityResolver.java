package org.opencdp.projector.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.opencdp.avro.Identifier;
import org.opencdp.avro.ProfileIdentity;

/**
 * Decides which profile a request's identifiers name (docs/identity.md). Called for one workspace at a time, in
 * the order of the identity topic, by the one task that owns the workspace, so its decisions never race. Pure.
 *
 * <p>An identifier names the profile it was assigned to; a customer id nobody assigned names the profile with
 * that id (Retainly writes create profiles by id without asking the resolver). A profile merged into another
 * names its survivor. When a request's identifiers name several live profiles, the oldest survives (created
 * first; ties by id) and absorbs the others; when they name none, a new profile is created.
 */
public final class IdentityResolver {

    /**
     * @param requestId   names the merges this request causes (see {@link #mergeId})
     * @param identifiers the request's identifiers, at least one, normalised
     * @param at          when the request was accepted: the age of a profile the resolver meets for the first time
     * @param preferred   the profile that must take part (a profile registering itself), if any
     */
    public Resolution resolve(final String requestId, final List<Identifier> identifiers, final Instant at,
                              final Optional<String> preferred, final IdentityIndex index) {
        final Map<String, ProfileIdentity> known = new LinkedHashMap<>();
        final Set<String> named = new LinkedHashSet<>();
        preferred.ifPresent(id -> named.add(live(id, index, known, at)));
        for (final Identifier identifier : identifiers) {
            holderOf(identifier, index).map(id -> live(id, index, known, at)).ifPresent(named::add);
        }
        final Map<String, ProfileIdentity> changed = new HashMap<>();
        final Map<Identifier, String> assignments = new HashMap<>();
        if (named.isEmpty()) {
            final String id = IdentifierKinds.newProfileId(identifiers);
            final ProfileIdentity created = new ProfileIdentity(at, new ArrayList<>(identifiers), null);
            changed.put(id, created);
            identifiers.forEach(identifier -> assignments.put(identifier, id));
            return new Resolution(id, false, List.of(), changed, assignments);
        }
        final List<String> byAge = named.stream()
                .sorted(Comparator.comparing((String id) -> known.get(id).getCreatedAt()).thenComparing(id -> id))
                .toList();
        final String survivorId = byAge.getFirst();
        final ProfileIdentity survivor = known.get(survivorId);
        final boolean existing = index.profile(survivorId).isPresent();
        List<Identifier> survivorIdentifiers = survivor.getIdentifiers();
        Instant createdAt = survivor.getCreatedAt();
        final List<Resolution.Merge> merges = new ArrayList<>();
        for (final String absorbedId : byAge.subList(1, byAge.size())) {
            final ProfileIdentity absorbed = known.get(absorbedId);
            merges.add(new Resolution.Merge(mergeId(requestId, absorbedId), absorbedId));
            survivorIdentifiers = IdentifierKinds.union(survivorIdentifiers, absorbed.getIdentifiers());
            absorbed.getIdentifiers().forEach(identifier -> assignments.put(identifier, survivorId));
            changed.put(absorbedId, new ProfileIdentity(absorbed.getCreatedAt(), absorbed.getIdentifiers(), survivorId));
        }
        for (final Identifier identifier : identifiers) {
            if (survivorIdentifiers.stream().noneMatch(i -> IdentifierKinds.same(i, identifier))) {
                survivorIdentifiers = IdentifierKinds.union(survivorIdentifiers, List.of(identifier));
            }
            assignments.put(identifier, survivorId);
        }
        changed.put(survivorId, new ProfileIdentity(createdAt, survivorIdentifiers, null));
        return new Resolution(survivorId, existing, merges, changed, assignments);
    }

    /**
     * The id of the merge of {@code absorbedId} caused by request {@code requestId}: deterministic (a replay
     * names it the same) and safe in a URL path ({@code m-} and 24 hex digits).
     */
    static String mergeId(final String requestId, final String absorbedId) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((requestId + '\u0000' + absorbedId).getBytes(StandardCharsets.UTF_8));
            return "m-" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    private static Optional<String> holderOf(final Identifier identifier, final IdentityIndex index) {
        final Optional<String> assigned = index.holder(identifier);
        if (assigned.isPresent() || !IdentifierKinds.CUSTOMER_ID.equals(identifier.getKind())) {
            return assigned;
        }
        return Optional.of(identifier.getValue());
    }

    /**
     * The live profile {@code id} names (following merges), with its identity in {@code known}; a profile the
     * resolver never met is taken to be as old as this request and to hold its own customer id.
     */
    private static String live(final String id, final IdentityIndex index, final Map<String, ProfileIdentity> known,
                               final Instant at) {
        String current = id;
        final Set<String> seen = new LinkedHashSet<>();
        while (seen.add(current)) {
            final Optional<ProfileIdentity> identity = index.profile(current);
            if (identity.isEmpty()) {
                known.putIfAbsent(current, new ProfileIdentity(at,
                        new ArrayList<>(List.of(IdentifierKinds.customerId(current))), null));
                return current;
            }
            if (identity.get().getMergedInto() == null) {
                known.putIfAbsent(current, identity.get());
                return current;
            }
            current = identity.get().getMergedInto();
        }
        throw new IllegalStateException("Merge cycle through " + seen);
    }
}
