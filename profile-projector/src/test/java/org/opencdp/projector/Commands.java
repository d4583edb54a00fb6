package org.opencdp.projector;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.DeleteArrayItems;
import org.opencdp.avro.DeleteCustomer;
import org.opencdp.avro.ItemList;
import org.opencdp.avro.ScalarList;
import org.opencdp.avro.TrackEvent;
import org.opencdp.avro.UpsertArrayItems;
import org.opencdp.avro.UpsertAttributes;

/** Builds commands as ingest-api would, for one workspace, with explicit times and request ids. */
public final class Commands {

    public static final String WORKSPACE = "demo";

    private Commands() {
    }

    public static CustomerKey key(final String customerId) {
        return new CustomerKey(WORKSPACE, customerId);
    }

    public static CustomerCommand upsert(final String customerId, final String requestId, final Instant at,
                                         final Map<String, Object> attributes) {
        return command(customerId, requestId, at, ApiFamily.RETAINLY,
                new UpsertAttributes(new HashMap<>(attributes), new HashMap<>()));
    }

    public static CustomerCommand upsertArrayItems(final String customerId, final String requestId, final Instant at,
                                                   final String field, final ArrayItem... items) {
        return command(customerId, requestId, at, ApiFamily.RETAINLY, new UpsertArrayItems(field, List.of(items)));
    }

    public static CustomerCommand deleteArrayItems(final String customerId, final String requestId, final Instant at,
                                                   final String field, final String... ids) {
        return command(customerId, requestId, at, ApiFamily.RETAINLY, new DeleteArrayItems(field, List.of(ids)));
    }

    public static CustomerCommand deleteCustomer(final String customerId, final String requestId, final Instant at) {
        return command(customerId, requestId, at, ApiFamily.RETAINLY, new DeleteCustomer());
    }

    public static CustomerCommand event(final String customerId, final String requestId, final Instant at,
                                        final String name, final Map<String, Object> data) {
        return command(customerId, requestId, at, ApiFamily.RETAINLY, new TrackEvent(name, new HashMap<>(data)));
    }

    public static CustomerCommand command(final String customerId, final String requestId, final Instant at,
                                          final ApiFamily family, final Object command) {
        return new CustomerCommand(requestId + ":0", WORKSPACE, customerId, requestId, at, "POST /customers", family, command, null, false, null);
    }

    /** An array item from alternating field names and values, in that order. */
    public static ArrayItem item(final Object... fieldsAndValues) {
        final Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            fields.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return new ArrayItem(fields);
    }

    public static ItemList items(final ArrayItem... items) {
        return new ItemList(List.of(items));
    }

    public static ScalarList scalars(final Object... items) {
        return new ScalarList(Arrays.asList(items));
    }

    /** A map that may hold nulls (Map.of refuses them). */
    public static Map<String, Object> fields(final Object... namesAndValues) {
        final Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }
}
