package org.opencdp.ingest.identity;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.opencdp.schemas.values.ControlCharacters;
import org.opencdp.schemas.values.Ids;
import org.opencdp.schemas.values.Path;
import org.opencdp.schemas.values.Violations;

/**
 * Canonical ids (contract section 3): a JSON string is kept as sent (non-blank, at most {@code maxLength}
 * characters, no control characters); a JSON integer becomes its decimal string, so {@code 1} and {@code "1"} are one customer (or
 * one array item). Anything else is refused.
 */
public final class CanonicalIds {

    private final String what;
    private final int maxLength;

    /** @param what how messages name the id, capitalised: "A customer id", "An item id" */
    public CanonicalIds(final String what, final int maxLength) {
        this.what = what;
        this.maxLength = maxLength;
    }

    /** Customer ids: {@code id}, {@code customer_id}, {@code customers_ids}. */
    public static CanonicalIds customers(final int maxLength) {
        return new CanonicalIds("A customer id", maxLength);
    }

    /** Array item ids ({@code DELETE /arrays}), compared with the items' canonical {@code id}. */
    public static CanonicalIds items(final int maxLength) {
        return new CanonicalIds("An item id", maxLength);
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
            final String digits = node.canConvertToLong() ? Ids.canonical(node.longValue()) : node.bigIntegerValue().toString();
            if (digits.length() > maxLength) {
                violations.add(at, "string_too_long", what + " may have at most " + maxLength + " characters");
                return null;
            }
            return digits;
        }
        if (!node.isTextual()) {
            violations.add(at, "id_type", what + " must be a string or an integer");
            return null;
        }
        final String id = node.textValue();
        final Optional<Ids.Problem> problem = Ids.problem(id, maxLength);
        if (problem.isPresent()) {
            switch (problem.get()) {
                case BLANK -> violations.add(at, "id_blank", what + " may not be blank");
                case TOO_LONG -> violations.add(at, "string_too_long", what + " may have at most " + maxLength + " characters");
                case CONTROL_CHARACTERS -> violations.add(at, "id_control_characters", ControlCharacters.message(what));
            }
            return null;
        }
        return id;
    }
}
