package org.opencdp.projector.attribute;

import java.util.List;

import org.opencdp.avro.PropertyDefinitionEntry;
import org.opencdp.schemas.values.AttributeType;

/** What a property is: its type and, for an enum, its defined values. */
public record PropertyDefinition(AttributeType type, List<String> enumValues) {

    public PropertyDefinition {
        enumValues = List.copyOf(enumValues);
    }

    public static PropertyDefinition of(final AttributeType type) {
        return new PropertyDefinition(type, List.of());
    }

    /** The definition a catalog entry holds; an unknown type label (a newer writer) reads as string. */
    public static PropertyDefinition of(final PropertyDefinitionEntry entry) {
        return new PropertyDefinition(AttributeType.fromLabel(entry.getType()).orElse(AttributeType.STRING),
                entry.getEnumValues());
    }
}
