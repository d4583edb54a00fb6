package org.opencdp.ingest.customer;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.opencdp.ingest.identity.CanonicalIds;
import org.opencdp.ingest.value.Batch;
import org.opencdp.schemas.values.Limits;
import org.opencdp.ingest.value.ListField;
import org.opencdp.schemas.values.Violations;

/**
 * Reads and validates a Retainly {@code DELETE /customers} body, {@code {"customers_ids":[…]}}: 1 to
 * {@link Limits#maxCustomers()} ids, each a string or an integer ({@link CanonicalIds}), in request order.
 * An id named twice is deleted twice: the second delete finds nothing, which is not an error.
 */
public final class CustomerDeletionReader {

    static final String CUSTOMERS_IDS = "customers_ids";

    private final ListField field;
    private final CanonicalIds ids;

    public CustomerDeletionReader(final Limits limits) {
        this.field = new ListField(CUSTOMERS_IDS, limits.maxCustomers());
        this.ids = CanonicalIds.customers(limits.maxCustomerIdLength());
    }

    /** The canonical ids to delete, in order. */
    public Batch<String> read(final JsonNode body) {
        final Violations violations = new Violations();
        final List<String> customerIds = new ArrayList<>();
        final JsonNode list = field.read(body, violations);
        for (int i = 0; list != null && i < list.size(); i++) {
            final String id = ids.canonical(list.get(i), field.at().index(i), violations);
            if (id != null) {
                customerIds.add(id);
            }
        }
        return Batch.of(customerIds, violations);
    }
}
