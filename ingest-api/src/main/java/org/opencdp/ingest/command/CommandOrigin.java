package org.opencdp.ingest.command;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.CatalogCommand;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.DeleteArrayItems;
import org.opencdp.avro.DeleteCustomer;
import org.opencdp.avro.DefineProperty;
import org.opencdp.avro.DeleteProperty;
import org.opencdp.avro.Subscribe;
import org.opencdp.avro.TrackEvent;
import org.opencdp.avro.UpsertArrayItems;
import org.opencdp.avro.UpsertAttributes;

/**
 * What every command of one request shares: the caller's workspace, the write id the server gave the
 * request ({@link org.opencdp.ingest.idempotency.WriteRequest#writeId}), the request id (the correlation id
 * answered as {@code X-Request-Id}, possibly the caller's own), the route, its API family, the ingest time
 * and the caller's {@code Idempotency-Key} (null without one). Command ids are
 * {@code "<write_id>:<index of the command in the request>"}: never the caller's {@code X-Request-Id}, so two
 * requests that send the same one are two sets of commands (and events, and runs); a retry with the same
 * {@code Idempotency-Key} has the same write id, hence the same command ids.
 */
public record CommandOrigin(String workspaceId, String writeId, String requestId, String sourceRoute,
                            ApiFamily family, Instant timestamp, String idempotencyKey) {

    public CommandOrigin {
        // Avro's timestamp_ms keeps milliseconds: truncate now, so a command equals itself after a round trip.
        timestamp = Instant.ofEpochMilli(timestamp.toEpochMilli());
    }

    /** A request without an {@code Idempotency-Key}. */
    public CommandOrigin(final String workspaceId, final String writeId, final String requestId,
                         final String sourceRoute, final ApiFamily family, final Instant timestamp) {
        this(workspaceId, writeId, requestId, sourceRoute, family, timestamp, null);
    }

    /** A partial update of {@code attributes} (null values clear). */
    public CustomerCommand upsertAttributes(final int index, final String customerId,
                                            final Map<String, Object> attributes) {
        return upsertAttributes(index, customerId, attributes, Map.of());
    }

    /** A partial update whose {@code declaredTypes} name the type of some attributes (Retently {@code type}). */
    public CustomerCommand upsertAttributes(final int index, final String customerId,
                                            final Map<String, Object> attributes,
                                            final Map<String, String> declaredTypes) {
        return command(index, customerId, new UpsertAttributes(attributes, declaredTypes));
    }

    /** Replace-or-append {@code items} of one array field, by item id. */
    public CustomerCommand upsertArrayItems(final int index, final String customerId, final String field,
                                            final List<ArrayItem> items) {
        return command(index, customerId, new UpsertArrayItems(field, items));
    }

    /** Remove the items with {@code itemIds} (canonical) from one array field. */
    public CustomerCommand deleteArrayItems(final int index, final String customerId, final String field,
                                            final List<String> itemIds) {
        return command(index, customerId, new DeleteArrayItems(field, itemIds));
    }

    public CustomerCommand deleteCustomer(final int index, final String customerId) {
        return command(index, customerId, new DeleteCustomer());
    }

    /** Opts the customer in to {@code channel} × {@code type} through sign-up source {@code signUpSourceId}. */
    public CustomerCommand subscribe(final int index, final String customerId, final String channel, final String type,
                                     final String signUpSourceId, final String locale) {
        return command(index, customerId, new Subscribe(channel, type, signUpSourceId, locale));
    }

    public CustomerCommand trackEvent(final int index, final String customerId, final String name,
                                      final Map<String, Object> data) {
        return command(index, customerId, new TrackEvent(name, data));
    }

    /** Sets property {@code name}'s type (and enum values) in the workspace's catalog. */
    public CatalogCommand defineProperty(final String name, final String type, final List<String> enumValues) {
        return catalogCommand(name, new DefineProperty(type, enumValues));
    }

    /** Deletes property {@code name}: its definition and every profile's value of it. */
    public CatalogCommand deleteProperty(final String name) {
        return catalogCommand(name, new DeleteProperty());
    }

    /** A catalog request changes one property: its one command has index 0. */
    private CatalogCommand catalogCommand(final String name, final Object change) {
        return new CatalogCommand(writeId + ":0", workspaceId, name, requestId, timestamp, sourceRoute, family,
                change);
    }

    private CustomerCommand command(final int index, final String customerId, final Object payload) {
        return new CustomerCommand(writeId + ":" + index, workspaceId, customerId, requestId, timestamp,
                sourceRoute, family, payload, idempotencyKey, false, null);
    }
}
