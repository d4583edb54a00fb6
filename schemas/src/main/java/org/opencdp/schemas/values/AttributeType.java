package org.opencdp.schemas.values;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.opencdp.avro.ArrayValue;
import org.opencdp.avro.BooleanValue;
import org.opencdp.avro.CollectionValue;
import org.opencdp.avro.DateValue;
import org.opencdp.avro.EnumValue;
import org.opencdp.avro.IntegerValue;
import org.opencdp.avro.NumberValue;
import org.opencdp.avro.StringValue;

/**
 * The types a property can have (contract section 4), with the labels the API shows: the one list. ingest-api
 * checks a catalog definition's {@code type} and a Retently field's type against these labels, the projector
 * types attribute values and catalog entries by them.
 */
public enum AttributeType {
    STRING("string"),
    INTEGER("integer"),
    NUMBER("number"),
    BOOLEAN("boolean"),
    DATE("date"),
    COLLECTION("collection"),
    ARRAY("array"),
    ENUM("enum");

    /** Every label, for messages: "string, integer, …". */
    public static final String LABELS = Arrays.stream(values()).map(AttributeType::label).collect(Collectors.joining(", "));

    /** Looked up for every typed attribute the fold writes: a map, not a scan of the values. */
    private static final Map<String, AttributeType> BY_LABEL = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(AttributeType::label, type -> type));

    private final String label;

    AttributeType(final String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<AttributeType> fromLabel(final String label) {
        return label == null ? Optional.empty() : Optional.ofNullable(BY_LABEL.get(label));
    }

    /** The type of a stored value: one of the members of {@code Attribute.value}'s union. */
    public static AttributeType of(final Object typedValue) {
        return switch (typedValue) {
            case StringValue ignored -> STRING;
            case IntegerValue ignored -> INTEGER;
            case NumberValue ignored -> NUMBER;
            case BooleanValue ignored -> BOOLEAN;
            case DateValue ignored -> DATE;
            case CollectionValue ignored -> COLLECTION;
            case ArrayValue ignored -> ARRAY;
            case EnumValue ignored -> ENUM;
            default -> throw new IllegalArgumentException("Not a typed attribute value: " + typedValue);
        };
    }
}
