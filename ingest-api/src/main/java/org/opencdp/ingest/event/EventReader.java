package org.opencdp.ingest.event;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.opencdp.ingest.identity.CanonicalIds;
import org.opencdp.ingest.value.BodyReader;
import org.opencdp.ingest.value.EncodedSize;
import org.opencdp.schemas.values.Limits;
import org.opencdp.schemas.values.Path;
import org.opencdp.schemas.values.RawValues;
import org.opencdp.schemas.values.Violations;
import org.opencdp.schemas.values.ControlCharacters;

/**
 * Reads and validates a Retainly {@code POST /events} body, {@code {"customer_id","event","data"}}: a
 * customer id (canonical, see {@link CanonicalIds}), an event name of at most
 * {@link Limits#maxEventNameLength()} characters, and optional {@code data} of at most
 * {@link Limits#maxEventFields()} fields whose values follow the attribute rules ({@link RawValues}): no
 * object values, arrays of objects allowed. Paths are relative to the body ({@code data.param1}).
 */
public final class EventReader extends BodyReader {

    static final String CUSTOMER_ID = "customer_id";
    static final String EVENT = "event";
    static final String DATA = "data";

    public EventReader(final Limits limits) {
        super(limits);
    }

    public EventRequest read(final JsonNode body) {
        final Violations violations = new Violations();
        if (!isObject(body, "The request body must be a JSON object", violations)) {
            return new EventRequest(null, violations.list());
        }
        final String customerId = customerIds.canonical(body.get(CUSTOMER_ID), Path.root().field(CUSTOMER_ID), violations);
        final String name = name(body.get(EVENT), Path.root().field(EVENT), violations);
        final Map<String, Object> data = data(body.get(DATA), Path.root().field(DATA), violations);
        if (!violations.isEmpty()) {
            return new EventRequest(null, violations.list());
        }
        if (!fits(EncodedSize.ofMap(data), Path.root().field(DATA), "The data ", violations)) {
            return new EventRequest(null, violations.list());
        }
        return new EventRequest(new TrackedEvent(customerId, name, data), List.of());
    }

    private String name(final JsonNode node, final Path at, final Violations violations) {
        final String name = requiredText(node, at, "Field required", "The event must be a string", violations);
        if (name == null) {
            return null;
        }
        if (name.isBlank()) {
            violations.add(at, "name_empty", "The event may not be blank");
        } else if (RawValues.characters(name) > limits.maxEventNameLength()) {
            violations.add(at, "string_too_long",
                    "The event may have at most " + limits.maxEventNameLength() + " characters");
        } else if (ControlCharacters.in(name)) {
            violations.add(at, "name_control_characters", ControlCharacters.message("The event"));
        }
        return name;
    }

    private Map<String, Object> data(final JsonNode node, final Path at, final Violations violations) {
        final Map<String, Object> data = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return data;
        }
        if (!node.isObject()) {
            violations.add(at, "object_type", "The data must be a JSON object");
            return data;
        }
        if (node.size() > limits.maxEventFields()) {
            violations.add(at, "too_many_fields",
                    "The data may have at most " + limits.maxEventFields() + " fields, not " + node.size());
        }
        for (final Map.Entry<String, JsonNode> field : node.properties()) {
            final Path fieldAt = at.field(field.getKey());
            values.name(field.getKey(), fieldAt, violations);
            data.put(field.getKey(), values.value(field.getValue(), fieldAt, violations));
        }
        return data;
    }
}
