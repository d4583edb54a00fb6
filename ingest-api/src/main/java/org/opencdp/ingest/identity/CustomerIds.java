package org.opencdp.ingest.identity;

import com.fasterxml.jackson.databind.JsonNode;

import org.opencdp.ingest.value.Path;
import org.opencdp.ingest.value.RawValues;
import org.opencdp.ingest.value.Violations;

/**
 * The canonical customer id (contract section 3): a JSON string is kept as sent (non-blank, at most
 * {@code maxLength} characters); a JSON integer becomes its decimal string, so {@code 1} and {@code "1"}
 * are one customer. Anything else is refused.
 */
public final class CustomerIds {

    private final int maxLength;

    public CustomerIds(final int maxLength) {
        this.maxLength = maxLength;
    }

    /**
     * The canonical id of {@code node} (null when the field is absent), or null after recording why it
     * cannot be one.
     */
    public String canonical(final JsonNode node, final Path at, final Violations violations) {
        if (node == null || node.isMissingNode()) {
            violations.add(at, "missing", "Field required");
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        if (!node.isTextual()) {
            violations.add(at, "id_type", "A customer id must be a string or an integer");
            return null;
        }
        final String id = node.textValue();
        if (id.isBlank()) {
            violations.add(at, "id_blank", "A customer id may not be blank");
            return null;
        }
        if (RawValues.characters(id) > maxLength) {
            violations.add(at, "string_too_long", "A customer id may have at most " + maxLength + " characters");
            return null;
        }
        return id;
    }
}
