package org.opencdp.importer.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import org.opencdp.importer.source.RawRow;

/**
 * Turns a row into the item its route takes ({@code {"id":…,field:value}} for {@code /customers}, a record for
 * {@code /arrays}, an event, a Retently subscriber), checking what contract section 5 and the catalog demand.
 * Holds the kind each column's first value showed, so later cells of that column are typed alike.
 */
public final class RowConverter {

    /** The result: the item to send, or every reason it is refused. */
    public record Converted(long line, ObjectNode item, List<String> problems) {
    }

    /** Contract section 5: at most 500 fields per customer, 50 per event; names at most 200 characters. */
    static final int MAX_FIELDS = 500;
    static final int MAX_EVENT_FIELDS = 50;
    static final int MAX_NAME = 200;
    static final int MAX_ID = 255;
    static final int MAX_EVENT_NAME = 50;
    private static final Set<String> RETENTLY_BUILT_INS = Set.of("first_name", "last_name", "company", "tags");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Route route;
    private final Catalog catalog;
    private final String nullMarker;
    private final Map<String, Cells.Kind> columnKinds = new HashMap<>();

    public RowConverter(final Route route, final Catalog catalog, final String nullMarker) {
        this.route = route;
        this.catalog = catalog;
        this.nullMarker = nullMarker;
    }

    public Converted convert(final RawRow row) {
        final List<String> problems = new ArrayList<>(row.problems());
        ObjectNode item = null;
        if (problems.isEmpty()) {
            item = switch (route) {
                case CUSTOMERS -> customer(row, problems);
                case ARRAYS -> arrayRecord(row, problems);
                case EVENTS -> event(row, problems);
                case RETENTLY -> subscriber(row, problems);
            };
        }
        return new Converted(row.line(), problems.isEmpty() ? item : null, problems);
    }

    private ObjectNode customer(final RawRow row, final List<String> problems) {
        final ObjectNode item = NODES.objectNode();
        final String idColumn = row.values().containsKey("id") ? "id" : "customer_id";
        item.set("id", id(row, idColumn, problems));
        int fields = 1;
        for (final Map.Entry<String, Object> cell : row.values().entrySet()) {
            if (cell.getKey().equals(idColumn)) {
                continue;
            }
            final JsonNode value = attribute(cell.getKey(), cell.getValue(), problems, true);
            if (value != null) {
                checkName(cell.getKey(), problems);
                item.set(cell.getKey(), value);
                fields++;
            }
        }
        if (fields > MAX_FIELDS) {
            problems.add("row has " + fields + " fields, at most " + MAX_FIELDS);
        }
        return item;
    }

    private ObjectNode arrayRecord(final RawRow row, final List<String> problems) {
        final ObjectNode record = NODES.objectNode();
        final String idColumn = row.values().containsKey("customer_id") ? "customer_id" : "id";
        record.set("customer_id", id(row, idColumn, problems));
        final JsonNode field = text(row.values().get("field"));
        if (field == null || !field.isTextual() || field.asText().isBlank()) {
            problems.add("field: required (the array field's name)");
        } else {
            checkName(field.asText(), problems);
            record.set("field", field);
        }
        final Object data = row.values().get("data");
        final ArrayNode items = NODES.arrayNode();
        if (data instanceof JsonNode node && node.isArray()) {
            items.addAll((ArrayNode) node);
        } else {
            final ObjectNode one = NODES.objectNode();
            for (final Map.Entry<String, Object> cell : row.values().entrySet()) {
                final String name = cell.getKey();
                if (!name.equals(idColumn) && !name.equals("field") && !name.equals("data")) {
                    final JsonNode value = inferred(name, cell.getValue(), problems);
                    if (value != null) {
                        one.set(name, value);
                    }
                }
            }
            if (one.isEmpty()) {
                problems.add("data: the row holds no item values");
            }
            items.add(one);
        }
        for (final JsonNode each : items) {
            if (!each.isObject()) {
                problems.add("data: items must be objects");
                break;
            }
        }
        record.set("data", items);
        return record;
    }

    private ObjectNode event(final RawRow row, final List<String> problems) {
        final ObjectNode event = NODES.objectNode();
        final String idColumn = row.values().containsKey("customer_id") ? "customer_id" : "id";
        event.set("customer_id", id(row, idColumn, problems));
        final JsonNode name = text(row.values().get("event"));
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            problems.add("event: required");
        } else if (name.asText().length() > MAX_EVENT_NAME) {
            problems.add("event: at most " + MAX_EVENT_NAME + " characters");
        } else {
            event.set("event", name);
        }
        final ObjectNode data = NODES.objectNode();
        if (row.values().get("data") instanceof JsonNode node && node.isObject()) {
            data.setAll((ObjectNode) node);
            data.properties().forEach(e -> checkValue(e.getKey(), e.getValue(), problems));
        } else {
            for (final Map.Entry<String, Object> cell : row.values().entrySet()) {
                final String field = cell.getKey();
                if (!field.equals(idColumn) && !field.equals("event") && !field.equals("data")) {
                    final JsonNode value = inferred(field, cell.getValue(), problems);
                    if (value != null) {
                        checkName(field, problems);
                        data.set(field, value);
                    }
                }
            }
        }
        if (data.size() > MAX_EVENT_FIELDS) {
            problems.add("data: " + data.size() + " fields, at most " + MAX_EVENT_FIELDS);
        }
        event.set("data", data);
        return event;
    }

    private ObjectNode subscriber(final RawRow row, final List<String> problems) {
        final ObjectNode subscriber = NODES.objectNode();
        final JsonNode email = text(row.values().get("email"));
        if (email == null || !email.isTextual() || email.asText().isBlank()) {
            problems.add("email: required");
        } else if (email.asText().strip().length() > MAX_ID || !EMAIL.matcher(email.asText().strip()).matches()) {
            problems.add("email: \"" + Cells.shown(email.asText()) + "\" is not an email address");
        } else {
            subscriber.set("email", email);
        }
        final ArrayNode properties = NODES.arrayNode();
        for (final Map.Entry<String, Object> cell : row.values().entrySet()) {
            final String name = cell.getKey();
            if (name.equals("email")) {
                continue;
            }
            if (name.equals("properties") && cell.getValue() instanceof JsonNode list && list.isArray()) {
                properties.addAll((ArrayNode) list);
                continue;
            }
            final JsonNode value = retentlyValue(name, cell.getValue(), problems);
            if (value == null) {
                continue;
            }
            if (RETENTLY_BUILT_INS.contains(name)) {
                subscriber.set(name, value);
            } else {
                final ObjectNode property = properties.addObject();
                property.put("label", name);
                property.set("value", value);
            }
        }
        if (!properties.isEmpty()) {
            subscriber.set("properties", properties);
        }
        if (properties.size() + 4 > MAX_FIELDS) {
            problems.add("row has " + properties.size() + " properties, at most " + (MAX_FIELDS - 4));
        }
        return subscriber;
    }

    /** A Retently value: sent as text (the route coerces it to the catalog type); checked against the catalog. */
    private JsonNode retentlyValue(final String name, final Object raw, final List<String> problems) {
        final JsonNode value = cleared(raw);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
            return value;
        }
        if (value.isObject()) {
            problems.add(name + ": an object is not a value");
            return null;
        }
        final Catalog.Property property = catalog.property(normalisedLabel(name));
        if (property != null) {
            final String refusal = Cells.refusal(value, property);
            if (refusal != null) {
                problems.add(name + ": " + refusal);
            }
        }
        checkValue(name, value, problems);
        return value;
    }

    /** Retently's label rule (contract section 4): trimmed, lower-cased, runs of spaces and punctuation one {@code _}. */
    static String normalisedLabel(final String label) {
        final String lower = label.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s\\p{Punct}\\p{Cntrl}]+", "_");
        return lower.replaceAll("^_+|_+$", "");
    }

    /** A customer attribute: catalog-typed, or typed as its column's first value (CSV text); null to send nothing. */
    private JsonNode attribute(final String name, final Object raw, final List<String> problems, final boolean byCatalog) {
        if (raw instanceof JsonNode json) { // JSON lines: sent as written, checked against the catalog
            final Catalog.Property property = byCatalog ? catalog.property(name) : null;
            if (property != null) {
                final String refusal = Cells.refusal(json, property);
                if (refusal != null) {
                    problems.add(name + ": " + refusal);
                }
            }
            checkValue(name, json, problems);
            return json;
        }
        final String cell = (String) raw;
        if (cell.isEmpty()) {
            return null;
        }
        if (cell.equals(nullMarker)) {
            return NullNode.getInstance();
        }
        final Catalog.Property property = byCatalog ? catalog.property(name) : null;
        final Cells.Kind kind;
        if (property != null) {
            if (property.type().equals("array")) {
                return arrayCell(name, cell, problems);
            }
            final String refusal = Cells.refusal(TextNode.valueOf(cell), property);
            if (refusal != null) {
                problems.add(name + ": " + refusal);
                return null;
            }
            kind = Cells.kindOf(property.type());
        } else {
            kind = columnKinds.computeIfAbsent(name, n -> Cells.infer(cell));
        }
        try {
            return Cells.typed(cell, kind);
        } catch (IllegalArgumentException wrong) {
            problems.add(name + ": " + wrong.getMessage() + (property != null || kind == Cells.Kind.STRING ? ""
                    : " (the column's first value made it " + kind.name().toLowerCase(Locale.ROOT) + ")"));
            return null;
        }
    }

    private JsonNode inferred(final String name, final Object raw, final List<String> problems) {
        return attribute(name, raw, problems, false);
    }

    private JsonNode arrayCell(final String name, final String cell, final List<String> problems) {
        try {
            final JsonNode parsed = JSON.readTree(cell);
            if (parsed != null && parsed.isArray()) {
                checkValue(name, parsed, problems);
                return parsed;
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
            // reported below
        }
        problems.add(name + ": is an array field: the cell must hold a JSON array of objects");
        return null;
    }

    private JsonNode id(final RawRow row, final String column, final List<String> problems) {
        final JsonNode id = text(row.values().get(column));
        if (id == null || id.isNull() || (id.isTextual() && id.asText().isBlank())) {
            problems.add(row.values().containsKey(column) ? column + ": empty" : column + ": required");
            return null;
        }
        if (id.isTextual() && id.asText().length() > MAX_ID) {
            problems.add(column + ": at most " + MAX_ID + " characters");
        } else if (!id.isTextual() && !id.canConvertToLong()) {
            problems.add(column + ": a string or an integer");
        }
        return id;
    }

    private JsonNode text(final Object raw) {
        if (raw instanceof JsonNode json) {
            return json;
        }
        return raw == null ? null : cleared(raw);
    }

    private JsonNode cleared(final Object raw) {
        if (raw instanceof JsonNode json) {
            return json;
        }
        final String cell = (String) raw;
        if (cell.isEmpty()) {
            return null;
        }
        return cell.equals(nullMarker) ? NullNode.getInstance() : TextNode.valueOf(cell);
    }

    private static void checkName(final String name, final List<String> problems) {
        if (name.length() > MAX_NAME) {
            problems.add("field name \"" + Cells.shown(name) + "\": at most " + MAX_NAME + " characters");
        }
    }

    /** Section 5's limits on a value sent as JSON: no objects as field values, strings at most 1000 characters. */
    private static void checkValue(final String name, final JsonNode value, final List<String> problems) {
        if (value.isObject()) {
            problems.add(name + ": an object is not a field value");
        } else if (value.isTextual() && value.asText().codePointCount(0, value.asText().length()) > Cells.MAX_STRING) {
            problems.add(name + ": text over " + Cells.MAX_STRING + " characters");
        } else if (value.isArray()) {
            for (final JsonNode each : value) {
                if (each.isTextual() && each.asText().length() > Cells.MAX_STRING) {
                    problems.add(name + ": text over " + Cells.MAX_STRING + " characters");
                    return;
                }
            }
        }
    }

    /** The column that identifies a row on this route, checked once on the header. */
    public static boolean hasIdColumn(final Route route, final java.util.Collection<String> columns) {
        return route == Route.RETENTLY ? columns.contains("email") : columns.contains("id") || columns.contains("customer_id");
    }
}
