package org.opencdp.projector.segment;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opencdp.avro.BooleanValue;
import org.opencdp.avro.CollectionValue;
import org.opencdp.avro.DateValue;
import org.opencdp.avro.EnumValue;
import org.opencdp.avro.IntegerValue;
import org.opencdp.avro.NumberValue;
import org.opencdp.avro.StringValue;
import org.opencdp.projector.attribute.Coercion;
import org.opencdp.projector.attribute.CoercionResult;
import org.opencdp.projector.attribute.PropertyDefinition;
import org.opencdp.schemas.values.AttributeType;

/**
 * Values in the form a condition compares them: text and enum values as {@link String}, integers and numbers
 * as {@link BigDecimal} (so {@code 3} equals {@code 3.0} and an integer property compares with {@code 2.5}),
 * booleans as {@link Boolean}, dates as {@link Instant}, collections as a list of strings.
 *
 * <p>A condition's value is read through the fold's own {@link Coercion} (contract section 4, "accepted input"),
 * so {@code "2024-05-01"}, {@code "05/01/2024"} and {@code "yes"} mean in a condition what they mean in a write.
 */
final class Operands {

    private Operands() {
    }

    /**
     * {@code raw} (a scalar of a JSON tree: String, Boolean, or a number) read as each type that can compare it;
     * a type it cannot be read as is absent.
     */
    static Map<AttributeType, Object> scalar(final Object raw, final Coercion coercion) {
        final Map<AttributeType, Object> operands = new EnumMap<>(AttributeType.class);
        for (final AttributeType type : AttributeType.values()) {
            read(raw, type, coercion).ifPresent(operand -> operands.put(type, operand));
        }
        return operands;
    }

    /** Each item of an {@code in} list read as each type; a type is present when every item reads as it. */
    static Map<AttributeType, Object> list(final List<?> raws, final Coercion coercion) {
        final Map<AttributeType, Object> operands = new EnumMap<>(AttributeType.class);
        for (final AttributeType type : AttributeType.values()) {
            final List<Object> items = new ArrayList<>(raws.size());
            for (final Object raw : raws) {
                read(raw, type, coercion).ifPresent(items::add);
            }
            if (items.size() == raws.size()) {
                operands.put(type, List.copyOf(items));
            }
        }
        return operands;
    }

    /**
     * {@code raw} as an operand for a stored value of {@code type}: integers compare as numbers, enum values and
     * collection items as text; an array has no operand.
     */
    static Optional<Object> read(final Object raw, final AttributeType type, final Coercion coercion) {
        final Object input = coercible(raw);
        if (input == null) {
            return Optional.empty();
        }
        final AttributeType readAs = switch (type) {
            case INTEGER, NUMBER -> AttributeType.NUMBER;
            case ENUM, COLLECTION -> AttributeType.STRING;
            case ARRAY -> null;
            default -> type;
        };
        if (readAs == null) {
            return Optional.empty();
        }
        return coercion.coerce(PropertyDefinition.of(readAs), input) instanceof CoercionResult.Coerced coerced
                ? stored(coerced.value()) : Optional.empty();
    }

    /** A stored attribute value (a member of {@code Attribute.value}'s union) in comparable form; none for an array. */
    static Optional<Object> stored(final Object typedValue) {
        return Optional.ofNullable(switch (typedValue) {
            case StringValue v -> v.getValue();
            case IntegerValue v -> BigDecimal.valueOf(v.getValue());
            case NumberValue v -> new BigDecimal(v.getDecimal());
            case BooleanValue v -> v.getValue();
            case DateValue v -> v.getValue();
            case EnumValue v -> v.getValue();
            case CollectionValue v -> List.copyOf(v.getItems());
            default -> null;
        });
    }

    /** The comparable form as text, for explanations: numbers plain, dates ISO-8601. */
    static String text(final Object operand) {
        return switch (operand) {
            case BigDecimal d -> d.toPlainString();
            case List<?> items -> items.stream().map(Operands::text).toList().toString();
            default -> String.valueOf(operand);
        };
    }

    /**
     * A JSON scalar as {@link Coercion} takes it: whole numbers that fit as Long, other numbers as Double when
     * finite, big and exact decimals as their text (which {@code Decimals} bounds, never an unbounded parse).
     * Null for anything else (null, lists, objects).
     */
    static Object coercible(final Object raw) {
        return switch (raw) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Integer i -> (long) i;
            case Long l -> l;
            case Short s -> (long) s;
            case Byte b -> (long) b;
            case BigInteger i -> i.bitLength() < 64 ? (Object) i.longValue() : i.toString();
            case BigDecimal d -> d.toString();
            case Double d -> Double.isFinite(d) ? d : null;
            case Float f -> Float.isFinite(f) ? (double) f : null;
            default -> null;
        };
    }

    /** Whether {@code raw} is a JSON scalar a condition can hold as its value. */
    static boolean isScalar(final Object raw) {
        return coercible(raw) != null;
    }
}
