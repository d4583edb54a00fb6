package org.opencdp.ingest.customer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.opencdp.ingest.identity.CanonicalIds;
import org.opencdp.ingest.value.BodyReader;
import org.opencdp.ingest.value.EncodedSize;
import org.opencdp.schemas.values.Limits;
import org.opencdp.ingest.value.ListField;
import org.opencdp.schemas.values.Path;
import org.opencdp.schemas.values.RawValues;
import org.opencdp.schemas.values.Violations;

/**
 * Reads and validates a Retainly {@code POST /customers} body, {@code {"customers":[{"id":…, field: value}]}}:
 * 1 to {@link Limits#maxCustomers()} customers, each with an {@code id}, at most {@link Limits#maxFields()}
 * fields ({@code id} included) of which at most {@link Limits#maxArrayFields()} are arrays; values as
 * {@link RawValues} reads them. Paths are relative to the body ({@code customers.3.id}). Every violation is
 * collected, so the answer lists them all.
 */
public final class CustomerBatchReader extends BodyReader {

    static final String CUSTOMERS = "customers";
    static final String ID = "id";

    public CustomerBatchReader(final Limits limits) {
        super(limits);
    }

    public CustomerBatch read(final JsonNode body) {
        final Violations violations = new Violations();
        final List<CustomerUpsert> customers = new ArrayList<>();
        final ListField field = new ListField(CUSTOMERS, limits.maxCustomers());
        final JsonNode list = field.read(body, violations);
        forEachObject(list, field.at(), "A customer should be a JSON object", violations, (node, at) -> {
            final CustomerUpsert customer = customer(node, at, violations);
            if (customer != null) {
                customers.add(customer);
            }
        });
        return violations.isEmpty()
                ? new CustomerBatch(customers, List.of())
                : new CustomerBatch(List.of(), violations.list());
    }

    private CustomerUpsert customer(final JsonNode node, final Path at, final Violations violations) {
        final int before = violations.count();
        final String id = customerIds.canonical(node.get(ID), at.field(ID), violations);
        if (node.size() > limits.maxFields()) {
            violations.add(at, "too_many_fields",
                    "A customer may have at most " + limits.maxFields() + " fields, not " + node.size());
        }
        int arrays = 0;
        final Map<String, Object> attributes = new LinkedHashMap<>();
        for (final Map.Entry<String, JsonNode> field : node.properties()) {
            if (field.getKey().equals(ID)) {
                continue;
            }
            final Path fieldAt = at.field(field.getKey());
            values.name(field.getKey(), fieldAt, violations);
            if (field.getValue().isArray()) {
                arrays++;
            }
            attributes.put(field.getKey(), values.attribute(field.getValue(), fieldAt, violations));
        }
        if (arrays > limits.maxArrayFields()) {
            violations.add(at, "too_many_array_fields",
                    "A customer may have at most " + limits.maxArrayFields() + " array fields, not " + arrays);
        }
        if (violations.count() > before) {
            return null;
        }
        if (!fits(EncodedSize.ofMap(attributes), at, "A customer ", violations)) {
            return null;
        }
        return new CustomerUpsert(id, attributes);
    }
}
