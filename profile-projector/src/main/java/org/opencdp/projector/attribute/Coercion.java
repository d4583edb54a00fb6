package org.opencdp.projector.attribute;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.opencdp.avro.ArrayValue;
import org.opencdp.avro.BooleanValue;
import org.opencdp.avro.CollectionValue;
import org.opencdp.avro.DateValue;
import org.opencdp.avro.EnumValue;
import org.opencdp.avro.IntegerValue;
import org.opencdp.avro.ItemList;
import org.opencdp.avro.NumberValue;
import org.opencdp.avro.ScalarList;
import org.opencdp.avro.StringValue;
import org.opencdp.schemas.values.Decimals;
import org.opencdp.schemas.values.Integers;

/**
 * Turns a value as sent (null excluded: it clears) into the stored form of a property's type, following
 * the "accepted input" column of contract section 4. Pure: the same input always gives the same result.
 */
public final class Coercion {

    /** Longest text a string value may hold. */
    public static final int MAX_TEXT_LENGTH = 1000;

    private final ZoneId zone;

    /** @param zone the workspace's time zone, for dates written without one. Dates keep milliseconds, as stored. */
    public Coercion(final ZoneId zone) {
        this.zone = Objects.requireNonNull(zone);
    }

    public CoercionResult coerce(final PropertyDefinition definition, final Object raw) {
        Objects.requireNonNull(raw, "null clears a property; it is never coerced");
        return switch (definition.type()) {
            case STRING -> toText(raw);
            case INTEGER -> toInteger(raw);
            case NUMBER -> toNumber(raw);
            case BOOLEAN -> toBoolean(raw);
            case DATE -> toDate(raw);
            case COLLECTION -> toCollection(raw);
            case ARRAY -> toArray(raw);
            case ENUM -> toEnum(raw, definition.enumValues());
        };
    }

    /**
     * A stored value as a caller would send it, so it can be coerced to another type when an administrator
     * changes its property's type: dates as ISO-8601 instants, numbers as their exact decimal text.
     */
    public static Object asRaw(final Object typedValue) {
        return switch (typedValue) {
            case StringValue v -> v.getValue();
            case IntegerValue v -> v.getValue();
            case NumberValue v -> v.getDecimal();
            case BooleanValue v -> v.getValue();
            case DateValue v -> v.getValue().toString();
            case CollectionValue v -> new ScalarList(new ArrayList<>(v.getItems()));
            case ArrayValue v -> new ItemList(new ArrayList<>(v.getItems()));
            case EnumValue v -> v.getValue();
            default -> throw new IllegalArgumentException("Not a typed attribute value: " + typedValue);
        };
    }

    /** A scalar as text; lists have no text form. */
    public static String text(final Object scalar) {
        return switch (scalar) {
            case Double d when Double.isFinite(d) -> BigDecimal.valueOf(d).toPlainString();
            default -> String.valueOf(scalar);
        };
    }

    private static CoercionResult toText(final Object raw) {
        if (isList(raw)) {
            return fail("a list is not a string");
        }
        final String text = text(raw);
        if (PropertyNames.characters(text) > MAX_TEXT_LENGTH) {
            return fail("longer than " + MAX_TEXT_LENGTH + " characters");
        }
        return ok(new StringValue(text));
    }

    private static CoercionResult toInteger(final Object raw) {
        return switch (raw) {
            case Long l -> ok(new IntegerValue(l));
            case Double d when TypeInference.isIntegral(d) -> ok(new IntegerValue((long) (double) d));
            case String s -> Integers.parse(s).<CoercionResult>map(l -> ok(new IntegerValue(l)))
                    .orElseGet(() -> fail("not an integer"));
            default -> fail("not an integer");
        };
    }

    /** Numbers within the bounds of {@link Decimals}, shared with ingest-api: never an unbounded parse. */
    private static CoercionResult toNumber(final Object raw) {
        return switch (raw) {
            case Long l -> ok(new NumberValue(BigDecimal.valueOf(l).toPlainString()));
            case Double d -> number(Decimals.check(d));
            case String s -> number(Decimals.read(s));
            default -> fail("not a number");
        };
    }

    private static CoercionResult number(final Decimals.Reading reading) {
        return switch (reading) {
            case Decimals.Reading.Number number -> ok(new NumberValue(number.value().toPlainString()));
            case Decimals.Reading.OutOfRange outOfRange -> fail("number out of range: " + outOfRange.reason());
            case Decimals.Reading.NotNumeric ignored -> fail("not a number");
        };
    }

    private static CoercionResult toBoolean(final Object raw) {
        return switch (raw) {
            case Boolean b -> ok(new BooleanValue(b));
            case Long l when l == 1L || l == 0L -> ok(new BooleanValue(l == 1L));
            case String s -> switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes", "y" -> ok(new BooleanValue(true));
                case "false", "0", "no", "n" -> ok(new BooleanValue(false));
                default -> fail("not a boolean (true/false, 1/0, yes/no, y/n)");
            };
            default -> fail("not a boolean (true/false, 1/0, yes/no, y/n)");
        };
    }

    private CoercionResult toDate(final Object raw) {
        if (raw instanceof String s) {
            return Dates.parse(s, zone).<CoercionResult>map(instant -> ok(new DateValue(instant.truncatedTo(ChronoUnit.MILLIS))))
                    .orElseGet(() -> fail("not a date (ISO-8601, YYYY-MM-DD, MM/DD/YYYY or YYYY/MM/DD)"));
        }
        return fail("not a date (ISO-8601, YYYY-MM-DD, MM/DD/YYYY or YYYY/MM/DD)");
    }

    private static CoercionResult toCollection(final Object raw) {
        return switch (raw) {
            case ScalarList list -> ok(new CollectionValue(list.getItems().stream()
                    .filter(Objects::nonNull).map(Coercion::text).toList()));
            case ItemList list when list.getItems().isEmpty() -> ok(new CollectionValue(List.of()));
            case String s -> ok(new CollectionValue(Arrays.stream(s.split(","))
                    .map(String::strip).filter(item -> !item.isEmpty()).toList()));
            default -> fail("not a collection (a list of scalars or a comma-separated string)");
        };
    }

    private static CoercionResult toArray(final Object raw) {
        return switch (raw) {
            case ItemList list -> ok(new ArrayValue(new ArrayList<>(list.getItems())));
            case ScalarList list when list.getItems().isEmpty() -> ok(new ArrayValue(List.of()));
            default -> fail("not an array of objects");
        };
    }

    private static CoercionResult toEnum(final Object raw, final List<String> values) {
        if (raw instanceof String s && values.contains(s)) {
            return ok(new EnumValue(s));
        }
        return fail("not one of the defined values " + values);
    }

    private static boolean isList(final Object raw) {
        return raw instanceof ScalarList || raw instanceof ItemList;
    }

    private static CoercionResult ok(final Object typed) {
        return new CoercionResult.Coerced(typed);
    }

    private static CoercionResult fail(final String reason) {
        return new CoercionResult.Uncoercible(reason);
    }
}
