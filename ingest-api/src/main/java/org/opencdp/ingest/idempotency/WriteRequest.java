package org.opencdp.ingest.idempotency;

import java.time.Instant;
import java.util.UUID;

import org.opencdp.avro.ApiFamily;
import org.opencdp.ingest.command.CommandOrigin;

/**
 * An admitted write request, identified: its write id, the identity of the commands (hence events and runs)
 * it produces, which the server generates ({@link #fresh}) or derives from the {@code Idempotency-Key}
 * ({@link #idempotent}), never the caller's {@code X-Request-Id}; its request id, the correlation id answered
 * in {@code X-Request-Id} and stamped on every record; that key or null; and its body's bytes as received.
 */
public record WriteRequest(String writeId, String requestId, String idempotencyKey, byte[] body) {

    /** A request without an {@code Idempotency-Key}: a new random write id, whatever {@code requestId} says. */
    public static WriteRequest fresh(final String requestId, final byte[] body) {
        return new WriteRequest(UUID.randomUUID().toString(), requestId, null, body);
    }

    /**
     * A request with an {@code Idempotency-Key}: its id derived from the key ({@link IdempotencyKey#requestId})
     * is both its write id and its request id, so a retry gets the same ids and the same answer.
     */
    public static WriteRequest idempotent(final String derivedId, final String idempotencyKey, final byte[] body) {
        return new WriteRequest(derivedId, derivedId, idempotencyKey, body);
    }

    /** What every command of this request shares, stamped now. */
    public CommandOrigin origin(final String workspaceId, final String route, final ApiFamily family) {
        return new CommandOrigin(workspaceId, writeId, requestId, route, family, Instant.now(), idempotencyKey);
    }
}
