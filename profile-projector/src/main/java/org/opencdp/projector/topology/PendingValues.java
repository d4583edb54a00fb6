package org.opencdp.projector.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.opencdp.platform.streams.StoreWrites;
import org.opencdp.avro.PendingValue;

/**
 * Values written to properties whose definition this partition does not know yet
 * ({@link ProjectorTopology#PENDING_VALUES_STORE}), one per customer and property, until the catalog's
 * decision arrives. Entries of one property exist exactly while its proposal is in flight, so "none yet"
 * tells the fold to propose the property.
 */
final class PendingValues {

    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, PendingValue> store;

    PendingValues(final KeyValueStore<String, PendingValue> store) {
        this.store = store;
    }

    boolean anyFor(final String workspaceId, final String property) {
        try (KeyValueIterator<String, PendingValue> values =
                     store.prefixScan(StoreKeys.propertyPrefix(workspaceId, property), KEYS)) {
            return values.hasNext();
        }
    }

    void put(final String workspaceId, final String property, final String customerId, final PendingValue value) {
        store.put(StoreKeys.pending(workspaceId, property, customerId), value);
    }

    void delete(final String workspaceId, final String property, final String customerId) {
        StoreWrites.remove(store, StoreKeys.pending(workspaceId, property, customerId));
    }

    /** Removes and returns every pending value of one property, by customer id. */
    List<Map.Entry<String, PendingValue>> drain(final String workspaceId, final String property) {
        final List<Map.Entry<String, PendingValue>> drained = of(workspaceId, property);
        drained.forEach(entry -> delete(workspaceId, property, entry.getKey()));
        return drained;
    }

    /** Every pending value of one property, by customer id (kept). */
    List<Map.Entry<String, PendingValue>> of(final String workspaceId, final String property) {
        final List<Map.Entry<String, PendingValue>> entries = new ArrayList<>();
        try (KeyValueIterator<String, PendingValue> values =
                     store.prefixScan(StoreKeys.propertyPrefix(workspaceId, property), KEYS)) {
            values.forEachRemaining(entry -> entries.add(Map.entry(StoreKeys.customerOf(entry.key), entry.value)));
        }
        return entries;
    }

    /** Removes every pending value of one customer: the customer was deleted. */
    void dropCustomer(final String workspaceId, final String customerId) {
        final List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, PendingValue> values =
                     store.prefixScan(StoreKeys.workspacePrefix(workspaceId), KEYS)) {
            values.forEachRemaining(entry -> {
                if (StoreKeys.customerOf(entry.key).equals(customerId)) {
                    keys.add(entry.key);
                }
            });
        }
        keys.forEach(store::delete);
    }
}
