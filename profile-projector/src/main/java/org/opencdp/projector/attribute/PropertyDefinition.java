package org.opencdp.projector.attribute;

import java.util.List;

/** What a property is: its type and, for an enum, its defined values. */
public record PropertyDefinition(AttributeType type, List<String> enumValues) {

    public PropertyDefinition {
        enumValues = List.copyOf(enumValues);
    }

    public static PropertyDefinition of(final AttributeType type) {
        return new PropertyDefinition(type, List.of());
    }
}
