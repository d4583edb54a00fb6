package org.opencdp.importer.route;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * How a text cell becomes a JSON value (contract sections 4 and 13): by the catalog's type where the property
 * is defined, otherwise by the kind its column's first value shows. The JSON written depends only on the cell
 * and the kind, so a batch's body is the same byte for byte on every run of the same file.
 */
public final class Cells {

    /** The JSON shape a value is sent as. */
    public enum Kind { STRING, NUMBER, INTEGER, BOOLEAN }

    /** Contract section 4: strings are stored with at most 1000 characters. */
    public static final int MAX_STRING = 1000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");
    private static final Set<String> TRUE = Set.of("true", "1", "yes", "y");
    private static final Set<String> FALSE = Set.of("false", "0", "no", "n");
    private static final Pattern DATE = Pattern.compile(
            "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?"
                    + "|(0[1-9]|1[0-2])/(0[1-9]|[12][0-9]|3[01])/[0-9]{4}|[0-9]{4}/(0[1-9]|1[0-2])/(0[1-9]|[12][0-9]|3[01])");

    private Cells() {
    }

    /** The kind a first value shows, as the Retainly family infers it from JSON: number, boolean, else string. */
    public static Kind infer(final String cell) {
        final String text = cell.strip();
        if (INTEGER.matcher(text).matches()) {
            return Kind.INTEGER;
        }
        if (NUMBER.matcher(text).matches()) {
            return Kind.NUMBER;
        }
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Kind.BOOLEAN;
        }
        return Kind.STRING;
    }

    /** The kind a catalog type is sent as; null for types a cell cannot carry directly (array). */
    public static Kind kindOf(final String catalogType) {
        return switch (catalogType) {
            case "integer" -> Kind.INTEGER;
            case "number" -> Kind.NUMBER;
            case "boolean" -> Kind.BOOLEAN;
            case "array" -> null;
            default -> Kind.STRING; // string, date, enum, collection ("a, b, c" is a collection's text form)
        };
    }

    /** The cell as JSON of {@code kind}; throws {@link IllegalArgumentException} saying why it cannot be. */
    public static JsonNode typed(final String cell, final Kind kind) {
        final String text = cell.strip();
        switch (kind) {
            case INTEGER -> {
                if (!INTEGER.matcher(text).matches()) {
                    throw new IllegalArgumentException("\"" + shown(cell) + "\" is not an integer");
                }
                final BigInteger value = new BigInteger(text);
                if (value.bitLength() > 63) {
                    throw new IllegalArgumentException("\"" + shown(cell) + "\" is beyond a 64-bit integer");
                }
                return NODES.numberNode(value.longValueExact());
            }
            case NUMBER -> {
                if (!NUMBER.matcher(text).matches()) {
                    throw new IllegalArgumentException("\"" + shown(cell) + "\" is not a number");
                }
                final BigDecimal value = new BigDecimal(text);
                if (Double.isInfinite(value.doubleValue())) {
                    throw new IllegalArgumentException("\"" + shown(cell) + "\" is beyond a double");
                }
                return NODES.numberNode(value);
            }
            case BOOLEAN -> {
                final String lower = text.toLowerCase(Locale.ROOT);
                if (TRUE.contains(lower)) {
                    return BooleanNode.TRUE;
                }
                if (FALSE.contains(lower)) {
                    return BooleanNode.FALSE;
                }
                throw new IllegalArgumentException("\"" + shown(cell) + "\" is not a boolean (true/false, 1/0, yes/no, y/n)");
            }
            default -> {
                if (cell.codePointCount(0, cell.length()) > MAX_STRING) {
                    throw new IllegalArgumentException("text of " + cell.codePointCount(0, cell.length())
                            + " characters, at most " + MAX_STRING);
                }
                return TextNode.valueOf(cell);
            }
        }
    }

    /**
     * Writes the cell as JSON of {@code kind}: the same bytes as serializing {@link #typed}'s node, without it;
     * throws {@link IllegalArgumentException} with the same reason.
     */
    static void write(final String cell, final Kind kind, final JsonBytes out) {
        switch (kind) {
            case INTEGER -> {
                final String text = cell.strip();
                if (!isInteger(text)) {
                    throw new IllegalArgumentException("\"" + shown(cell) + "\" is not an integer");
                }
                if (text.length() <= 18) { // at most 18 digits: always a long
                    out.writeAscii(Long.toString(Long.parseLong(text)));
                    return;
                }
                final BigInteger value = new BigInteger(text);
                if (value.bitLength() > 63) {
                    throw new IllegalArgumentException("\"" + shown(cell) + "\" is beyond a 64-bit integer");
                }
                out.writeAscii(Long.toString(value.longValueExact()));
            }
            case NUMBER -> {
                final String text = cell.strip();
                if (!NUMBER.matcher(text).matches()) {
                    throw new IllegalArgumentException("\"" + shown(cell) + "\" is not a number");
                }
                final BigDecimal value = new BigDecimal(text);
                if (Double.isInfinite(value.doubleValue())) {
                    throw new IllegalArgumentException("\"" + shown(cell) + "\" is beyond a double");
                }
                out.writeAscii(value.toString());
            }
            case BOOLEAN -> {
                final String lower = cell.strip().toLowerCase(Locale.ROOT);
                if (TRUE.contains(lower)) {
                    out.writeBoolean(true);
                } else if (FALSE.contains(lower)) {
                    out.writeBoolean(false);
                } else {
                    throw new IllegalArgumentException("\"" + shown(cell) + "\" is not a boolean (true/false, 1/0, yes/no, y/n)");
                }
            }
            default -> {
                if (cell.length() > MAX_STRING && cell.codePointCount(0, cell.length()) > MAX_STRING) {
                    throw new IllegalArgumentException("text of " + cell.codePointCount(0, cell.length())
                            + " characters, at most " + MAX_STRING);
                }
                out.writeString(cell);
            }
        }
    }

    /** {@code INTEGER.matcher(text).matches()} without a matcher: {@code -?(0|[1-9][0-9]*)}. */
    static boolean isInteger(final String text) {
        final int start = text.startsWith("-") ? 1 : 0;
        final int n = text.length();
        if (n == start || text.charAt(start) < '0' || text.charAt(start) > '9') {
            return false;
        }
        if (text.charAt(start) == '0') {
            return n == start + 1;
        }
        for (int i = start + 1; i < n; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Whether a value (JSON, as sent) can be stored as the catalog's property; the reason when not, else null. */
    public static String refusal(final JsonNode value, final Catalog.Property property) {
        if (value == null || value.isNull()) {
            return null;
        }
        final String type = property.type();
        if (type.equals("array")) {
            return value.isArray() ? null : "is an array field: send a JSON array of objects";
        }
        if (type.equals("collection")) {
            return value.isArray() || value.isValueNode() ? null : "is a collection: send a list or \"a, b, c\"";
        }
        if (!value.isValueNode()) {
            return "is of type " + type + ", not a list or object";
        }
        return valueRefusal(value.asText(), property);
    }

    /** {@link #refusal} for a text cell (what {@code TextNode.valueOf(cell)} would be refused for), without the node. */
    static String refusal(final String cell, final Catalog.Property property) {
        final String type = property.type();
        if (type.equals("array")) {
            return "is an array field: send a JSON array of objects";
        }
        if (type.equals("collection")) {
            return null;
        }
        return valueRefusal(cell, property);
    }

    private static String valueRefusal(final String text, final Catalog.Property property) {
        final String type = property.type();
        try {
            switch (type) {
                case "integer" -> typed(text, Kind.INTEGER);
                case "number" -> typed(text, Kind.NUMBER);
                case "boolean" -> typed(text, Kind.BOOLEAN);
                case "date" -> {
                    if (!DATE.matcher(text.strip()).matches()) {
                        throw new IllegalArgumentException("\"" + shown(text) + "\" is not a date (ISO-8601, YYYY-MM-DD, MM/DD/YYYY or YYYY/MM/DD)");
                    }
                }
                case "enum" -> {
                    if (!property.enumValues().contains(text)) {
                        throw new IllegalArgumentException("\"" + shown(text) + "\" is not one of " + property.enumValues());
                    }
                }
                default -> typed(text, Kind.STRING);
            }
        } catch (IllegalArgumentException wrong) {
            return wrong.getMessage();
        }
        return null;
    }

    /** A value as a reason shows it: at most 40 characters. */
    static String shown(final String value) {
        return value.length() <= 40 ? value : value.substring(0, 37) + "...";
    }
}
