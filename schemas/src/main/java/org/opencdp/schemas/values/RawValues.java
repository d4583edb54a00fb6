package org.opencdp.schemas.values;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.ItemList;
import org.opencdp.avro.NestedItem;
import org.opencdp.avro.NestedItemList;
import org.opencdp.avro.ScalarList;

/**
 * The raw Avro values of a command (scalars, {@link ScalarList}, {@link ItemList}...), both ways: ingest-api
 * reads what callers send into them ({@link #value}, {@link #attribute}, {@link #item}), the workflow trigger
 * turns them back into plain JSON-ready Java values ({@link #plain}).
 *
 * <p>Reads attribute values (and event data) as callers send them into the raw Avro values of a command,
 * checking their shape on the way: JSON boolean → Boolean, integral number that fits a long → Long, any
 * other number → Double, string → String, null → null (clears), array of scalars → {@link ScalarList},
 * array of objects → {@link ItemList} of {@link ArrayItem}s, whose fields may hold one more level of arrays
 * of objects ({@link NestedItemList}) and no deeper. A value may never be an object, and an array holds
 * scalars or objects, never both and never arrays. Strings are at most {@link Limits#maxStringLength()}
 * characters at any depth.
 *
 * <p>An empty array is read as an empty {@link ScalarList}: it carries no item to tell the two apart.
 *
 * <p>Items of an array field are addressable by their {@code id} ({@link #attribute}, {@link #item}): an id
 * must be a string or an integer, as the projector requires of every array item it stores.
 */
public final class RawValues {

    /** The field of an array item that addresses it. */
    public static final String ITEM_ID = "id";

    /** How deep an array of objects sits: in an attribute, in an attribute's item, in a nested item. */
    private enum Level { ATTRIBUTE, ITEM, NESTED_ITEM }

    private final Limits limits;

    public RawValues(final Limits limits) {
        this.limits = limits;
    }

    /** Reads one event data value; on a violation records it and returns null. */
    public Object value(final JsonNode node, final Path at, final Violations violations) {
        return fieldValue(node, at, violations, Level.ATTRIBUTE, false);
    }

    /** Reads one attribute value: as {@link #value}, and the items of an array of objects need a valid id. */
    public Object attribute(final JsonNode node, final Path at, final Violations violations) {
        return fieldValue(node, at, violations, Level.ATTRIBUTE, true);
    }

    /**
     * Reads one item of an array field ({@code POST /arrays}): an object whose optional {@code id} is a string
     * or an integer and whose fields follow the item rules; null after recording a violation.
     */
    public ArrayItem item(final JsonNode node, final Path at, final Violations violations) {
        if (!node.isObject()) {
            violations.add(at, "object_type", "An array item should be a JSON object");
            return null;
        }
        itemId(node.get(ITEM_ID), at.field(ITEM_ID), violations);
        return new ArrayItem(fields(node, at, violations, Level.ITEM));
    }

    /**
     * Checks a field name: not blank, at most {@link Limits#maxNameLength()} characters and no control
     * characters (the projector joins names into store keys with U+0000 and refuses them).
     */
    public void name(final String name, final Path at, final Violations violations) {
        if (name.isBlank()) {
            violations.add(at, "name_empty", "A field name may not be empty or blank");
        } else if (characters(name) > limits.maxNameLength()) {
            violations.add(at, "name_too_long",
                    "A field name may have at most " + limits.maxNameLength() + " characters");
        } else if (ControlCharacters.in(name)) {
            violations.add(at, "name_control_characters", ControlCharacters.message("A field name"));
        }
    }

    /** Reads a scalar; strings are checked against the length limit. */
    public Object scalar(final JsonNode node, final Path at, final Violations violations) {
        return switch (node.getNodeType()) {
            case NULL -> null;
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> number(node, at, violations);
            case STRING -> string(node.textValue(), at, violations);
            default -> throw new IllegalArgumentException("Not a scalar: " + node.getNodeType());
        };
    }

    public static boolean isScalar(final JsonNode node) {
        return node.isNull() || node.isBoolean() || node.isNumber() || node.isTextual();
    }

    /** Raw Avro values as plain JSON-ready Java values; maps keep their keys in order, so that JSON answers are stable. */
    public static Map<String, Object> plain(final Map<String, Object> values) {
        final Map<String, Object> plain = new TreeMap<>();
        values.forEach((name, value) -> plain.put(name, plain(value)));
        return plain;
    }

    /** One raw Avro value as a plain JSON-ready Java value: lists as lists, items as maps, texts as strings. */
    public static Object plain(final Object value) {
        return switch (value) {
            case null -> null;
            case ScalarList list -> list.getItems().stream().map(RawValues::plain).toList();
            case ItemList list -> plainItems(list.getItems().stream().map(ArrayItem::getFields).toList());
            case NestedItemList list -> plainItems(list.getItems().stream().map(NestedItem::getFields).toList());
            case CharSequence text -> text.toString();
            default -> value;
        };
    }

    /** Characters as people count them: {@link Ids#characters}. */
    public static int characters(final String s) {
        return Ids.characters(s);
    }

    private Object fieldValue(final JsonNode node, final Path at, final Violations violations, final Level level) {
        return fieldValue(node, at, violations, level, false);
    }

    private Object fieldValue(final JsonNode node, final Path at, final Violations violations, final Level level,
                              final boolean addressable) {
        if (node.isObject()) {
            violations.add(at, "object_not_allowed", "A field's value may not be an object");
            return null;
        }
        if (node.isArray()) {
            return array(node, at, violations, level, addressable);
        }
        if (!isScalar(node)) {
            violations.add(at, "value_type", "Unsupported JSON value");
            return null;
        }
        return scalar(node, at, violations);
    }

    /**
     * A JSON number: an integer that fits 64 bits is a Long; any other number is a Double, within the bounds
     * the projector stores numbers in ({@link Decimals}, shared with it): at most
     * {@value Decimals#MAX_SIGNIFICANT_DIGITS} significant digits, magnitude within 1e±{@value Decimals#MAX_EXPONENT}.
     */
    private Object number(final JsonNode node, final Path at, final Violations violations) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        final Decimals.Reading reading = node.isIntegralNumber()
                ? Decimals.check(new BigDecimal(node.bigIntegerValue())) : Decimals.check(node.doubleValue());
        if (reading instanceof Decimals.Reading.OutOfRange outOfRange) {
            violations.add(at, "number_out_of_range", "A number is out of range: " + outOfRange.reason());
            return null;
        }
        final double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            violations.add(at, "number_out_of_range", "A number must fit a 64-bit floating-point value");
            return null;
        }
        return value;
    }

    private String string(final String value, final Path at, final Violations violations) {
        if (value.length() > limits.maxStringLength() && characters(value) > limits.maxStringLength()) {
            violations.add(at, "string_too_long",
                    "String should have at most " + limits.maxStringLength() + " characters");
        }
        return value;
    }

    private void itemId(final JsonNode id, final Path at, final Violations violations) {
        if (id == null || id.isNull() || id.isIntegralNumber() && id.canConvertToLong()) {
            return;
        }
        if (!id.isTextual()) {
            violations.add(at, "id_type", "An item id must be a string or a 64-bit integer");
        } else {
            Ids.problem(id.textValue(), limits.maxCustomerIdLength()).ifPresent(problem -> {
                switch (problem) {
                    case BLANK -> violations.add(at, "id_blank", "An item id may not be blank");
                    case TOO_LONG -> violations.add(at, "string_too_long",
                            "An item id may have at most " + limits.maxCustomerIdLength() + " characters");
                    case CONTROL_CHARACTERS ->
                            violations.add(at, "id_control_characters", ControlCharacters.message("An item id"));
                }
            });
        }
    }

    private Object array(final JsonNode array, final Path at, final Violations violations, final Level level,
                         final boolean addressable) {
        boolean scalars = false;
        boolean objects = false;
        for (int i = 0; i < array.size(); i++) {
            final JsonNode element = array.get(i);
            if (element.isObject()) {
                objects = true;
            } else if (isScalar(element)) {
                scalars = true;
            } else {
                violations.add(at.index(i), "nested_array", "An array may not hold arrays");
            }
        }
        if (scalars && objects) {
            violations.add(at, "mixed_array", "An array holds scalars or objects, not both");
            return null;
        }
        if (!objects) {
            final List<Object> items = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
                final JsonNode element = array.get(i);
                items.add(isScalar(element) ? scalar(element, at.index(i), violations) : null);
            }
            return new ScalarList(items);
        }
        return switch (level) {
            case ATTRIBUTE -> {
                final List<ArrayItem> items = new ArrayList<>(array.size());
                for (int i = 0; i < array.size(); i++) {
                    items.add(addressable ? item(array.get(i), at.index(i), violations)
                            : new ArrayItem(fields(array.get(i), at.index(i), violations, Level.ITEM)));
                }
                yield new ItemList(items);
            }
            case ITEM -> {
                final List<NestedItem> items = new ArrayList<>(array.size());
                for (int i = 0; i < array.size(); i++) {
                    items.add(new NestedItem(fields(array.get(i), at.index(i), violations, Level.NESTED_ITEM)));
                }
                yield new NestedItemList(items);
            }
            case NESTED_ITEM -> {
                violations.add(at, "too_deep",
                        "Array items may hold one level of arrays of objects, no deeper");
                yield null;
            }
        };
    }

    private Map<String, Object> fields(final JsonNode object, final Path at, final Violations violations,
                                       final Level level) {
        final Map<String, Object> fields = new LinkedHashMap<>();
        for (final Map.Entry<String, JsonNode> field : object.properties()) {
            fields.put(field.getKey(), fieldValue(field.getValue(), at.field(field.getKey()), violations, level));
        }
        return fields;
    }

    private static List<Map<String, Object>> plainItems(final List<Map<String, Object>> items) {
        return items.stream().map(RawValues::plain).toList();
    }
}
