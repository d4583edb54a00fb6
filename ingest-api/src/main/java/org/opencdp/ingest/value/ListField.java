package org.opencdp.ingest.value;

import com.fasterxml.jackson.databind.JsonNode;

import org.opencdp.schemas.values.Path;
import org.opencdp.schemas.values.Violations;

/**
 * The required list at the root of a Retainly body ({@code {"customers":[…]}}, {@code {"records":[…]}},
 * {@code {"customers_ids":[…]}}): 1 to {@code maxItems} elements, reported in the seed's FastAPI style.
 */
public record ListField(String name, int maxItems) {

    /** Where the list sits in the body. */
    public Path at() {
        return Path.root().field(name);
    }

    /**
     * The list's elements (also when there are too many, so that each is still checked), or null after
     * recording why the body has none.
     */
    public JsonNode read(final JsonNode body, final Violations violations) {
        if (!body.isObject()) {
            violations.add(Path.root(), "object_type", "Input should be a JSON object");
            return null;
        }
        final JsonNode list = body.get(name);
        if (list == null) {
            violations.add(at(), "missing", "Field required");
            return null;
        }
        if (!list.isArray()) {
            violations.add(at(), "list_type", "Input should be a valid list");
            return null;
        }
        if (list.isEmpty()) {
            violations.add(at(), "too_short", "List should have at least 1 item, not 0");
            return null;
        }
        if (list.size() > maxItems) {
            violations.add(at(), "too_long", "List should have at most " + maxItems + " items, not " + list.size());
        }
        return list;
    }
}
