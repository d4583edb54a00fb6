package org.opencdp.ingest.idempotency;

import java.time.Instant;

import org.opencdp.avro.ApiFamily;
import org.opencdp.ingest.command.CommandOrigin;

/**
 * An admitted write request, identified: its request id (derived from its {@code Idempotency-Key} when it
 * has one), that key or null, and its body's bytes as received.
 */
public record WriteRequest(String requestId, String idempotencyKey, byte[] body) {

    /** What every command of this request shares, stamped now. */
    public CommandOrigin origin(final String workspaceId, final String route, final ApiFamily family) {
        return new CommandOrigin(workspaceId, requestId, route, family, Instant.now(), idempotencyKey);
    }
}
