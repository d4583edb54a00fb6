package org.opencdp.importer.route;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code customers} route's item for a CSV row, written straight into JSON bytes: the same checks, reasons
 * and typing as {@link RowConverter} (in the same order), and the same bytes as serializing its tree, without a
 * map or a node per cell. Holds the kind each column's first value showed, as {@link RowConverter} does.
 */
public final class CustomerWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String[] names;
    /** Each column's {@code ,"name":} as bytes, made once. */
    private final byte[][] fieldPrefixes;
    private final Catalog.Property[] properties;
    private final Cells.Kind[] kinds;
    private final int idColumn;
    private final String idName;
    private final String nullMarker;
    private final Map<String, Cells.Kind> columnKinds = new HashMap<>();
    private String laneKey;

    public CustomerWriter(final List<String> header, final Catalog catalog, final String nullMarker) {
        this.names = header.toArray(String[]::new);
        this.fieldPrefixes = new byte[names.length][];
        this.properties = new Catalog.Property[names.length];
        this.kinds = new Cells.Kind[names.length];
        final JsonBytes name = new JsonBytes();
        for (int i = 0; i < names.length; i++) {
            name.reset();
            name.write(',');
            name.writeString(names[i]);
            name.write(':');
            fieldPrefixes[i] = name.toByteArray();
            properties[i] = catalog.property(names[i]);
        }
        this.idName = header.contains("id") ? "id" : "customer_id";
        this.idColumn = header.indexOf(idName);
        this.nullMarker = nullMarker;
    }

    /**
     * Writes the row's item into {@code out} (reset first) and returns every reason it is refused (empty when
     * it is sent). {@code problems} are the reader's: when there are any, they are the answer and nothing is
     * checked further, as {@link RowConverter#convert} does.
     */
    public List<String> write(final String[] cells, final List<String> problems, final JsonBytes out) {
        out.reset();
        laneKey = null;
        if (!problems.isEmpty()) {
            return problems;
        }
        out.write('{');
        if (idColumn >= 0) {
            out.write(fieldPrefixes[idColumn], 1);
        }
        final String id = idColumn < 0 ? null : cells[idColumn];
        if (idColumn < 0) {
            problems.add(idName + ": required");
        } else if (id == null || id.isEmpty() || id.equals(nullMarker) || id.isBlank()) {
            problems.add(idName + ": empty");
        } else {
            if (id.length() > RowConverter.MAX_ID) {
                problems.add(idName + ": at most " + RowConverter.MAX_ID + " characters");
            }
            out.writeString(id);
            laneKey = id;
        }
        int fields = 1;
        for (int i = 0; i < names.length; i++) {
            if (i == idColumn) {
                continue;
            }
            final int mark = out.size();
            out.write(fieldPrefixes[i]);
            if (attribute(i, cells[i], problems, out)) {
                if (names[i].length() > RowConverter.MAX_NAME) {
                    problems.add("field name \"" + Cells.shown(names[i]) + "\": at most " + RowConverter.MAX_NAME + " characters");
                }
                fields++;
            } else {
                out.truncate(mark);
            }
        }
        if (fields > RowConverter.MAX_FIELDS) {
            problems.add("row has " + fields + " fields, at most " + RowConverter.MAX_FIELDS);
        }
        out.write('}');
        return problems;
    }

    /** The id of the row last written, for its lane (null when it was refused for its id). */
    public String laneKey() {
        return laneKey;
    }

    /** {@link RowConverter}'s attribute rule for a CSV cell; false when nothing is sent for it. */
    private boolean attribute(final int column, final String cell, final List<String> problems, final JsonBytes out) {
        final String name = names[column];
        if (cell == null || cell.isEmpty()) {
            return false;
        }
        if (cell.equals(nullMarker)) {
            out.writeNull();
            return true;
        }
        final Catalog.Property property = properties[column];
        final Cells.Kind kind;
        if (property != null) {
            if (property.type().equals("array")) {
                return arrayCell(name, cell, problems, out);
            }
            final String refusal = Cells.refusal(cell, property);
            if (refusal != null) {
                problems.add(name + ": " + refusal);
                return false;
            }
            kind = Cells.kindOf(property.type());
        } else {
            Cells.Kind known = kinds[column];
            if (known == null) {
                known = columnKinds.computeIfAbsent(name, n -> Cells.infer(cell));
                kinds[column] = known;
            }
            kind = known;
        }
        try {
            Cells.write(cell, kind, out);
            return true;
        } catch (IllegalArgumentException wrong) {
            problems.add(name + ": " + wrong.getMessage() + (property != null || kind == Cells.Kind.STRING ? ""
                    : " (the column's first value made it " + kind.name().toLowerCase(Locale.ROOT) + ")"));
            return false;
        }
    }

    /** An array field's cell: a JSON array, written as Jackson writes it (rare: the tree is kept here). */
    private static boolean arrayCell(final String name, final String cell, final List<String> problems, final JsonBytes out) {
        try {
            final JsonNode parsed = JSON.readTree(cell);
            if (parsed != null && parsed.isArray()) {
                final List<String> found = new ArrayList<>();
                for (final JsonNode each : parsed) {
                    if (each.isTextual() && each.asText().length() > Cells.MAX_STRING) {
                        found.add(name + ": text over " + Cells.MAX_STRING + " characters");
                        break;
                    }
                }
                problems.addAll(found);
                out.write(JSON.writeValueAsString(parsed).getBytes(StandardCharsets.UTF_8));
                return true;
            }
        } catch (JsonProcessingException notJson) {
            // reported below, as RowConverter does
        }
        problems.add(name + ": is an array field: the cell must hold a JSON array of objects");
        return false;
    }
}
