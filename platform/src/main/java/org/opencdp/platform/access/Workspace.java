package org.opencdp.platform.access;

import java.time.Instant;
import java.util.Optional;

/**
 * A workspace as the workspaces topic holds it (docs/workspaces.md). A deleted workspace is kept, marked, so its
 * credentials stop working at once and its id is not given out again.
 *
 * @param timeZone  an IANA zone id; empty: UTC
 * @param rateLimit its own request-rate limit; empty: the deployment's default
 */
public record Workspace(String id, Optional<String> timeZone, Optional<RateLimit> rateLimit, Instant createdAt,
                        boolean deleted) {

    /** Ids are 1 to 64 characters of {@code [a-z0-9-]} (contract section 10). */
    public static final String ID_PATTERN = "[a-z0-9-]{1,64}";

    public Workspace deleted(final boolean deleted) {
        return new Workspace(id, timeZone, rateLimit, createdAt, deleted);
    }
}
