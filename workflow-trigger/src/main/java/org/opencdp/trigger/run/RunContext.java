package org.opencdp.trigger.run;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.opencdp.avro.ArrayValue;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.BooleanValue;
import org.opencdp.avro.CollectionValue;
import org.opencdp.avro.DateValue;
import org.opencdp.avro.EnumValue;
import org.opencdp.avro.IntegerValue;
import org.opencdp.avro.ItemList;
import org.opencdp.avro.NumberValue;
import org.opencdp.avro.Profile;
import org.opencdp.avro.ScalarList;
import org.opencdp.avro.StringValue;

/**
 * The template context of a run: the profile's attributes as raw values, with the event's {@code data}
 * laid over them (the Retainly event API: data "added to customer attributes in workflow", without
 * changing the customer). The profile and the data are read, never modified.
 */
public final class RunContext {

    private RunContext() {
    }

    public static Map<String, Object> of(final Profile profile, final Map<String, Object> eventData) {
        final Map<String, Object> context = new HashMap<>();
        profile.getAttributes().forEach((name, attribute) -> context.put(name, raw(attribute)));
        context.putAll(eventData);
        return context;
    }

    /**
     * An attribute's typed value as a raw value: dates as ISO-8601 UTC strings, integers as Long, numbers
     * as Long when written without a fraction or exponent and as Double otherwise, collections as
     * {@link ScalarList}, arrays as {@link ItemList}.
     */
    static Object raw(final Attribute attribute) {
        return raw(attribute.getValue());
    }

    /** A typed value (a member of {@code Attribute.value}'s union) as a raw value, as {@link #raw(Attribute)}. */
    static Object raw(final Object typedValue) {
        return switch (typedValue) {
            case StringValue v -> v.getValue();
            case IntegerValue v -> v.getValue();
            case NumberValue v -> number(v.getDecimal());
            case BooleanValue v -> v.getValue();
            case DateValue v -> v.getValue().toString();
            case CollectionValue v -> new ScalarList(List.<Object>copyOf(v.getItems()));
            case ArrayValue v -> new ItemList(List.copyOf(v.getItems()));
            case EnumValue v -> v.getValue();
            default -> throw new IllegalArgumentException(
                    "Unknown attribute value type " + typedValue.getClass().getName());
        };
    }

    private static Object number(final String decimal) {
        final BigDecimal value = new BigDecimal(decimal);
        final boolean writtenAsInteger = decimal.chars().noneMatch(c -> c == '.' || c == 'e' || c == 'E');
        if (writtenAsInteger) {
            try {
                return value.longValueExact();
            } catch (ArithmeticException tooLarge) {
                return value.doubleValue();
            }
        }
        return value.doubleValue();
    }
}
