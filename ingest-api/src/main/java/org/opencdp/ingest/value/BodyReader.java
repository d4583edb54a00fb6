package org.opencdp.ingest.value;

import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;

import org.opencdp.ingest.identity.CanonicalIds;
import org.opencdp.schemas.values.Limits;
import org.opencdp.schemas.values.Path;
import org.opencdp.schemas.values.RawValues;
import org.opencdp.schemas.values.Violations;

/**
 * What every reader of a request body starts from: the limits, the value rules ({@link RawValues}) and the
 * customer ids ({@link CanonicalIds}), and the steps they share. Each step records its violation with the
 * wording the reader passes in (each route family answers in its own style) and reports whether it passed.
 */
public abstract class BodyReader {

    protected final Limits limits;
    protected final RawValues values;
    protected final CanonicalIds customerIds;

    protected BodyReader(final Limits limits) {
        this.limits = limits;
        this.values = new RawValues(limits);
        this.customerIds = CanonicalIds.customers(limits.maxCustomerIdLength());
    }

    /** Whether the body is a JSON object, after recording {@code message} at the root when it is not. */
    protected static boolean isObject(final JsonNode body, final String message, final Violations violations) {
        if (!body.isObject()) {
            violations.add(Path.root(), "object_type", message);
            return false;
        }
        return true;
    }

    /**
     * A required string's text, or null after recording that it is missing (absent or JSON null) or not a
     * string.
     */
    protected static String requiredText(final JsonNode node, final Path at, final String missing,
                                         final String notString, final Violations violations) {
        if (node == null || node.isNull()) {
            violations.add(at, "missing", missing);
            return null;
        }
        if (!node.isTextual()) {
            violations.add(at, "string_type", notString);
            return null;
        }
        return node.textValue();
    }

    /**
     * An optional array: null when absent or JSON null, and null after recording {@code code} when it is not
     * an array.
     */
    protected static JsonNode optionalArray(final JsonNode node, final Path at, final String code,
                                            final String message, final Violations violations) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            violations.add(at, code, message);
            return null;
        }
        return node;
    }

    /**
     * Calls {@code reader} with each element of {@code list} (none when null) that is a JSON object, and where
     * it sits; records {@code message} for each that is not.
     */
    protected static void forEachObject(final JsonNode list, final Path at, final String message,
                                        final Violations violations, final BiConsumer<JsonNode, Path> reader) {
        for (int i = 0; list != null && i < list.size(); i++) {
            if (list.get(i).isObject()) {
                reader.accept(list.get(i), at.index(i));
            } else {
                violations.add(at.index(i), "object_type", message);
            }
        }
    }

    /**
     * Whether a value of {@code size} encoded bytes fits {@link Limits#maxEncodedBytes()}, after recording at
     * {@code at} that {@code what} (such as {@code "A customer "}, or empty) may take no more when it does not.
     */
    protected boolean fits(final long size, final Path at, final String what, final Violations violations) {
        if (size > limits.maxEncodedBytes()) {
            violations.add(at, "too_large", what + "may take at most " + limits.maxEncodedBytes()
                    + " bytes once encoded, not about " + size);
            return false;
        }
        return true;
    }
}
