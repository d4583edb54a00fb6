package org.opencdp.ingest.command;

import java.time.Instant;
import java.util.Map;

import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.TrackEvent;
import org.opencdp.avro.UpsertAttributes;

/**
 * What every command of one request shares: the caller's workspace, the request id (also answered as
 * {@code X-Request-Id}), the route, its API family and the ingest time. Command ids are
 * {@code "<request_id>:<index of the command in the request>"}, so a retry of the same request (same
 * request id) yields the same ids.
 */
public record CommandOrigin(String workspaceId, String requestId, String sourceRoute, ApiFamily family,
                            Instant timestamp) {

    public CommandOrigin {
        // Avro's timestamp_ms keeps milliseconds: truncate now, so a command equals itself after a round trip.
        timestamp = Instant.ofEpochMilli(timestamp.toEpochMilli());
    }

    /** A partial update of {@code attributes} (null values clear). */
    public CustomerCommand upsertAttributes(final int index, final String customerId,
                                            final Map<String, Object> attributes) {
        return command(index, customerId, new UpsertAttributes(attributes, Map.of()));
    }

    public CustomerCommand trackEvent(final int index, final String customerId, final String name,
                                      final Map<String, Object> data) {
        return command(index, customerId, new TrackEvent(name, data));
    }

    private CustomerCommand command(final int index, final String customerId, final Object payload) {
        return new CustomerCommand(requestId + ":" + index, workspaceId, customerId, requestId, timestamp,
                sourceRoute, family, payload, null);
    }
}
