package org.opencdp.platform.access;

import java.time.Instant;
import java.util.Optional;

/**
 * A workspace as the workspaces topic holds it (docs/workspaces.md). A deleted workspace is kept, marked, so its
 * credentials stop working at once and its id is not given out again.
 *
 * @param timeZone   an IANA zone id; empty: UTC
 * @param rateLimit  its own request-rate limit; empty: the deployment's default
 * @param creationId on the record that creates it: an id the creating request chose; empty on a change
 * @param history    how much history it keeps; empty: the deployment's bounds
 */
public record Workspace(String id, Optional<String> timeZone, Optional<RateLimit> rateLimit, Instant createdAt,
                        boolean deleted, Optional<String> creationId, Optional<HistoryLimits> history) {

    /** A workspace with the deployment's history bounds. */
    public Workspace(final String id, final Optional<String> timeZone, final Optional<RateLimit> rateLimit,
                     final Instant createdAt, final boolean deleted, final Optional<String> creationId) {
        this(id, timeZone, rateLimit, createdAt, deleted, creationId, Optional.empty());
    }

    /** A workspace whose creation is not told apart (configured ones, tests). */
    public Workspace(final String id, final Optional<String> timeZone, final Optional<RateLimit> rateLimit,
                     final Instant createdAt, final boolean deleted) {
        this(id, timeZone, rateLimit, createdAt, deleted, Optional.empty());
    }

    /** Ids are 1 to 64 characters of {@code [a-z0-9-]} (contract section 10). */
    public static final String ID_PATTERN = "[a-z0-9-]{1,64}";

    /** The deletion mark: a change, so without a creation id. */
    public Workspace deleted(final boolean deleted) {
        return new Workspace(id, timeZone, rateLimit, createdAt, deleted, Optional.empty(), history);
    }

    /**
     * What a follower keeps when {@code incoming} arrives for a workspace it holds as {@code held}: the first
     * creation of an id wins, so a creation record of another creation (a request that created the same id at the
     * same time, and lost) is ignored; a change (no creation id: a PATCH, the deletion mark) replaces what is held.
     */
    public static Workspace kept(final Workspace held, final Workspace incoming) {
        final boolean anotherCreation = incoming.creationId().isPresent()
                && !incoming.creationId().equals(held.creationId());
        return anotherCreation ? held : incoming;
    }
}
