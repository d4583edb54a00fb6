package org.opencdp.ingest.retently;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.opencdp.avro.ScalarList;
import org.opencdp.ingest.value.Batch;
import org.opencdp.ingest.value.BodyReader;
import org.opencdp.ingest.value.EncodedSize;
import org.opencdp.schemas.values.AttributeType;
import org.opencdp.schemas.values.Limits;
import org.opencdp.schemas.values.Path;
import org.opencdp.schemas.values.RawValues;
import org.opencdp.schemas.values.Violations;
import org.opencdp.schemas.values.ControlCharacters;

/**
 * Reads and validates a Retently body, {@code {"subscribers":[{"email","first_name","last_name","company",
 * "tags","properties":[{"label","type","value"}]}]}}: 1 to {@link Limits#maxCustomers()} subscribers.
 *
 * <ul>
 *   <li>{@code email} is required, trimmed, looks like an email (one {@code @} between non-empty parts, no
 *       spaces) and has at most {@link Limits#maxEmailLength()} characters. A Retently subscriber's profile
 *       is keyed by its email: the customer id is the email lower-cased, as emails compare
 *       case-insensitively (contract section 3).</li>
 *   <li>{@code first_name}, {@code last_name}, {@code company} are {@code string} properties (any scalar or
 *       null); {@code tags} is a {@code collection} (an array of scalars, a comma-separated string, or null)
 *       that replaces the stored tags. Each one sent declares its type.</li>
 *   <li>Each property's {@code label} is normalised ({@link #propertyName}); two labels of one subscriber
 *       (built-in fields included) may not name the same property. {@code type}, when sent, is one of
 *       {@link #TYPES} and is declared; {@code value} is required: a scalar, null or {@code ""} (both clear),
 *       or an array of scalars.</li>
 * </ul>
 * Other fields are ignored. Strings are at most {@link Limits#maxStringLength()} characters; a subscriber has
 * at most {@link Limits#maxFields()} properties. Every violation is collected, named as
 * {@code subscribers[0].properties[2].label}.
 */
public final class SubscriberBatchReader extends BodyReader {

    static final String SUBSCRIBERS = "subscribers";
    static final String EMAIL = "email";
    static final String TAGS = "tags";
    static final String PROPERTIES = "properties";
    static final String LABEL = "label";
    static final String TYPE = "type";
    static final String VALUE = "value";
    /** The built-in text fields of a subscriber. */
    static final List<String> TEXT_FIELDS = List.of("first_name", "last_name", "company");
    /** Retently's five property types. */
    static final List<String> TYPES = Stream.of(AttributeType.STRING, AttributeType.DATE, AttributeType.INTEGER,
            AttributeType.BOOLEAN, AttributeType.COLLECTION).map(AttributeType::label).toList();
    static final String STRING = AttributeType.STRING.label();
    static final String COLLECTION = AttributeType.COLLECTION.label();

    /** Runs of whitespace, punctuation (ASCII and Unicode) and control characters become one {@code _}. */
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\p{Z}\\p{Punct}\\p{P}\\p{Cntrl}]+");

    public SubscriberBatchReader(final Limits limits) {
        super(limits);
    }

    /**
     * A Retently label as a property name: trimmed, lower-cased, every run of whitespace or punctuation one
     * {@code _}, no leading or trailing {@code _}. {@code "New Property"} is {@code new_property}.
     */
    static String propertyName(final String label) {
        final String joined = SEPARATORS.matcher(label.strip().toLowerCase(Locale.ROOT)).replaceAll("_");
        int from = 0;
        int to = joined.length();
        while (from < to && joined.charAt(from) == '_') {
            from++;
        }
        while (to > from && joined.charAt(to - 1) == '_') {
            to--;
        }
        return joined.substring(from, to);
    }

    public Batch<SubscriberUpsert> read(final JsonNode body) {
        final Violations violations = new Violations();
        final List<SubscriberUpsert> subscribers = new ArrayList<>();
        if (!isObject(body, "must be a JSON object", violations)) {
            return Batch.of(subscribers, violations);
        }
        final Path at = Path.root().field(SUBSCRIBERS);
        final JsonNode list = body.get(SUBSCRIBERS);
        if (list == null || list.isNull()) {
            violations.add(at, "missing", "is required");
        } else if (!list.isArray()) {
            violations.add(at, "list_type", "must be an array");
        } else if (list.isEmpty()) {
            violations.add(at, "too_short", "must have at least 1 subscriber");
        } else {
            if (list.size() > limits.maxCustomers()) {
                violations.add(at, "too_long",
                        "may have at most " + limits.maxCustomers() + " subscribers, not " + list.size());
            }
            forEachObject(list, at, "must be a JSON object", violations, (node, nodeAt) -> {
                final SubscriberUpsert subscriber = subscriber(node, nodeAt, violations);
                if (subscriber != null) {
                    subscribers.add(subscriber);
                }
            });
        }
        return Batch.of(subscribers, violations);
    }

    private SubscriberUpsert subscriber(final JsonNode node, final Path at, final Violations violations) {
        final int before = violations.count();
        final String email = email(node.get(EMAIL), at.field(EMAIL), violations);
        final Map<String, Object> attributes = new LinkedHashMap<>();
        final Map<String, String> declaredTypes = new LinkedHashMap<>();
        final Map<String, Path> named = new HashMap<>();
        for (final String field : TEXT_FIELDS) {
            final JsonNode value = node.get(field);
            if (value != null) {
                named.put(field, at.field(field));
                attributes.put(field, text(value, at.field(field), violations));
                declaredTypes.put(field, STRING);
            }
        }
        final JsonNode tags = node.get(TAGS);
        if (tags != null) {
            named.put(TAGS, at.field(TAGS));
            attributes.put(TAGS, value(tags, at.field(TAGS), violations));
            declaredTypes.put(TAGS, COLLECTION);
        }
        properties(node.get(PROPERTIES), at.field(PROPERTIES), attributes, declaredTypes, named, violations);
        if (attributes.size() > limits.maxFields()) {
            violations.add(at, "too_many_fields",
                    "may have at most " + limits.maxFields() + " properties, not " + attributes.size());
        }
        if (violations.count() > before) {
            return null;
        }
        if (!fits(EncodedSize.ofMap(attributes) + EncodedSize.ofMap(declaredTypes), at, "", violations)) {
            return null;
        }
        return new SubscriberUpsert(email.toLowerCase(Locale.ROOT), email, attributes, declaredTypes);
    }

    private String email(final JsonNode node, final Path at, final Violations violations) {
        final String text = requiredText(node, at, "is required", "must be a string", violations);
        if (text == null) {
            return null;
        }
        final String email = text.strip();
        if (email.isEmpty()) {
            violations.add(at, "missing", "is required");
            return null;
        }
        if (RawValues.characters(email) > limits.maxEmailLength()) {
            violations.add(at, "string_too_long",
                    "is too long (at most " + limits.maxEmailLength() + " characters)");
            return null;
        }
        if (!looksLikeEmail(email)) {
            violations.add(at, "email_invalid", "is not a valid email address");
            return null;
        }
        return email;
    }

    private static boolean looksLikeEmail(final String email) {
        final int at = email.indexOf('@');
        return at > 0 && at == email.lastIndexOf('@') && at < email.length() - 1
                && email.codePoints().noneMatch(Character::isWhitespace) && !ControlCharacters.in(email);
    }

    private void properties(final JsonNode node, final Path at, final Map<String, Object> attributes,
                            final Map<String, String> declaredTypes, final Map<String, Path> named,
                            final Violations violations) {
        final JsonNode list = optionalArray(node, at, "list_type", "must be an array", violations);
        forEachObject(list, at, "must be a JSON object", violations, (property, propertyAt) -> {
            final String name = label(property.get(LABEL), propertyAt.field(LABEL), named, violations);
            final String type = type(property.get(TYPE), propertyAt.field(TYPE), violations);
            final JsonNode value = property.get(VALUE);
            final Object raw;
            if (value == null) {
                violations.add(propertyAt.field(VALUE), "missing", "is required (null or \"\" unassigns)");
                raw = null;
            } else {
                raw = value(value, propertyAt.field(VALUE), violations);
            }
            if (name != null) {
                attributes.put(name, raw);
                if (type != null) {
                    declaredTypes.put(name, type);
                }
            }
        });
    }

    /** The normalised name of a label, or null after recording why it cannot name a property. */
    private String label(final JsonNode node, final Path at, final Map<String, Path> named,
                         final Violations violations) {
        final String label = requiredText(node, at, "is required", "must be a string", violations);
        if (label == null) {
            return null;
        }
        if (ControlCharacters.in(label)) {
            violations.add(at, "name_control_characters", ControlCharacters.message("A label"));
            return null;
        }
        final String name = propertyName(label);
        if (name.isEmpty()) {
            violations.add(at, "name_empty", "has no letter or digit to name a property");
            return null;
        }
        if (RawValues.characters(name) > limits.maxNameLength()) {
            violations.add(at, "name_too_long",
                    "is too long (at most " + limits.maxNameLength() + " characters once normalised)");
            return null;
        }
        final Path first = named.putIfAbsent(name, at);
        if (first != null) {
            violations.add(at, "name_duplicate", "names the property " + name + ", as " + first.bracketed()
                    + " does");
            return null;
        }
        return name;
    }

    private static String type(final JsonNode node, final Path at, final Violations violations) {
        if (node == null || node.isNull()) {
            return null;
        }
        final String type = node.isTextual() ? node.textValue().strip().toLowerCase(Locale.ROOT) : null;
        if (type == null || !TYPES.contains(type)) {
            violations.add(at, "type_invalid", "must be one of " + String.join(", ", TYPES));
            return null;
        }
        return type;
    }

    /** A built-in text field: any scalar (the projector renders it as text) or null. */
    private Object text(final JsonNode node, final Path at, final Violations violations) {
        if (!RawValues.isScalar(node)) {
            violations.add(at, "scalar_type", "must be a string or null");
            return null;
        }
        return values.scalar(node, at, violations);
    }

    /** A property value or tags: a scalar, null, or an array of scalars (a collection); never an object. */
    private Object value(final JsonNode node, final Path at, final Violations violations) {
        if (node.isObject()) {
            violations.add(at, "object_not_allowed", "may not be an object");
            return null;
        }
        if (!node.isArray()) {
            return values.scalar(node, at, violations);
        }
        final List<Object> items = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            final JsonNode item = node.get(i);
            if (item.isNull() || !RawValues.isScalar(item)) {
                violations.add(at.index(i), "collection_item", "must be a string, a number or a boolean");
            } else {
                items.add(values.scalar(item, at.index(i), violations));
            }
        }
        return new ScalarList(items);
    }
}
