package org.opencdp.projector.customer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import org.opencdp.avro.AttributeRejection;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.Profile;

/**
 * Building profiles. Copies use the constructor, not {@code Profile.newBuilder(profile)}: the builder deep-copies
 * through SpecificData, which resolves union members on the default class loader (not Quarkus' application
 * loader).
 */
public final class Profiles {

    private Profiles() {
    }

    /** A profile no command has been applied to: revision 0, nothing but its identifiers. */
    public static Profile fresh(final String workspaceId, final String customerId, final Instant at,
                                final List<Identifier> identifiers) {
        return new Profile(workspaceId, customerId, new HashMap<>(), at, at, "", 0L, List.of(),
                new ArrayList<>(identifiers), List.of(), List.of(), null, null, null);
    }

    /** A shallow copy, to change with its setters. */
    public static Profile copy(final Profile profile) {
        return new Profile(profile.getWorkspaceId(), profile.getCustomerId(), new HashMap<>(profile.getAttributes()),
                profile.getCreatedAt(), profile.getUpdatedAt(), profile.getLastRequestId(), profile.getRevision(),
                profile.getRejections(), profile.getIdentifiers(), profile.getSubscriptions(), profile.getMerges(),
                profile.getMergedInto(), profile.getHistoryPosition(), profile.getCreationStep());
    }

    /** What an absorbed profile keeps: nothing but where it went. */
    public static Profile mergedAway(final Profile profile, final String survivorId, final Instant at,
                                     final String requestId) {
        return new Profile(profile.getWorkspaceId(), profile.getCustomerId(), new HashMap<>(), profile.getCreatedAt(),
                at, requestId, profile.getRevision() + 1, List.of(), List.of(), List.of(), List.of(), survivorId,
                profile.getHistoryPosition(), null);
    }

    /**
     * {@code profile} with {@code rejection} recorded (the oldest dropped past
     * {@link ProfileChanges#MAX_KEPT_REJECTIONS}); not a command: revision, update time and last request id stay.
     */
    public static Profile withRejection(final Profile profile, final AttributeRejection rejection) {
        final Profile rejected = copy(profile);
        rejected.setRejections(ProfileChanges.keepNewest(profile.getRejections(), List.of(rejection)));
        return rejected;
    }

    /** {@code text} cut to a property name's length (200 characters), for a rejection naming many properties. */
    public static String shortened(final String text) {
        return text.length() <= 200 ? text : text.substring(0, 199) + "…";
    }
}
