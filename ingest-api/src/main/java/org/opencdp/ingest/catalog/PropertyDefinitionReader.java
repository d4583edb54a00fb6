package org.opencdp.ingest.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.opencdp.schemas.values.AttributeType;
import org.opencdp.schemas.values.Limits;
import org.opencdp.schemas.values.Path;
import org.opencdp.schemas.values.RawValues;
import org.opencdp.schemas.values.Violation;
import org.opencdp.schemas.values.Violations;
import org.opencdp.schemas.values.ControlCharacters;

/**
 * Reads and validates catalog administration requests. The property's name comes from the path, verbatim
 * (case-sensitive, not normalised): 1 to {@link Limits#maxNameLength()} characters, not blank, no control
 * characters. A definition, {@code {"type":"enum","enum_values":["gold","silver"]}}, has a {@code type}
 * among {@link #TYPES}; {@code enum_values} is required for {@code enum} (1 to {@link Limits#maxEnumValues()}
 * distinct non-empty strings of at most {@link Limits#maxStringLength()} characters) and refused for any
 * other type. Other fields are ignored.
 */
public final class PropertyDefinitionReader {

    /** The eight property types (contract section 4). */
    static final List<String> TYPES = Arrays.stream(AttributeType.values()).map(AttributeType::label).toList();
    static final String ENUM = AttributeType.ENUM.label();
    static final String NAME = "name";
    static final String TYPE = "type";
    static final String ENUM_VALUES = "enum_values";

    private final Limits limits;

    public PropertyDefinitionReader(final Limits limits) {
        this.limits = limits;
    }

    /** {@code PUT /properties/{name}}. */
    public DefinitionRequest read(final String name, final JsonNode body) {
        final Violations violations = new Violations();
        name(name, violations);
        if (!body.isObject()) {
            violations.add(Path.root(), "object_type", "must be a JSON object");
            return new DefinitionRequest(null, violations.list());
        }
        final String type = type(body.get(TYPE), violations);
        final List<String> enumValues = enumValues(body.get(ENUM_VALUES), type, violations);
        return violations.isEmpty()
                ? new DefinitionRequest(new PropertyDefinition(name, type, enumValues), List.of())
                : new DefinitionRequest(null, violations.list());
    }

    /** {@code DELETE /properties/{name}}: why {@code name} cannot name a property, if it cannot. */
    public List<Violation> deletion(final String name) {
        final Violations violations = new Violations();
        name(name, violations);
        return violations.list();
    }

    private void name(final String name, final Violations violations) {
        final Path at = Path.root().field(NAME);
        if (name == null || name.isBlank()) {
            violations.add(at, "name_empty", "may not be empty or blank");
        } else if (RawValues.characters(name) > limits.maxNameLength()) {
            violations.add(at, "name_too_long", "is too long (at most " + limits.maxNameLength() + " characters)");
        } else if (ControlCharacters.in(name)) {
            violations.add(at, "name_control_characters", ControlCharacters.message("A property name"));
        }
    }

    private static String type(final JsonNode node, final Violations violations) {
        final Path at = Path.root().field(TYPE);
        if (node == null || node.isNull()) {
            violations.add(at, "missing", "is required");
            return null;
        }
        if (!node.isTextual() || !TYPES.contains(node.textValue())) {
            violations.add(at, "type_invalid", "must be one of " + String.join(", ", TYPES));
            return null;
        }
        return node.textValue();
    }

    private List<String> enumValues(final JsonNode node, final String type, final Violations violations) {
        final Path at = Path.root().field(ENUM_VALUES);
        final boolean absent = node == null || node.isNull();
        if (!ENUM.equals(type)) {
            if (!absent && type != null) {
                violations.add(at, "enum_values_not_allowed", "is only allowed for the enum type");
            }
            return List.of();
        }
        if (absent) {
            violations.add(at, "missing", "is required for the enum type");
            return List.of();
        }
        if (!node.isArray()) {
            violations.add(at, "list_type", "must be an array");
            return List.of();
        }
        if (node.isEmpty()) {
            violations.add(at, "too_short", "must have at least 1 value");
            return List.of();
        }
        if (node.size() > limits.maxEnumValues()) {
            violations.add(at, "too_long", "may have at most " + limits.maxEnumValues() + " values, not " + node.size());
        }
        final List<String> values = new ArrayList<>(node.size());
        final Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            final JsonNode value = node.get(i);
            final Path valueAt = at.index(i);
            if (!value.isTextual()) {
                violations.add(valueAt, "string_type", "must be a string");
            } else if (value.textValue().isEmpty()) {
                violations.add(valueAt, "string_empty", "may not be empty");
            } else if (RawValues.characters(value.textValue()) > limits.maxStringLength()) {
                violations.add(valueAt, "string_too_long",
                        "is too long (at most " + limits.maxStringLength() + " characters)");
            } else {
                final Integer first = seen.putIfAbsent(value.textValue(), i);
                if (first != null) {
                    violations.add(valueAt, "enum_value_duplicate", "repeats enum_values[" + first + "]");
                } else {
                    values.add(value.textValue());
                }
            }
        }
        return values;
    }
}
