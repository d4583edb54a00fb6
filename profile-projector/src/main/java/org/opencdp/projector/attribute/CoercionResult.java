package org.opencdp.projector.attribute;

/** A raw value coerced to a property's type, or why it cannot be. */
public sealed interface CoercionResult {

    /** {@code value} is a member of {@code Attribute.value}'s union (StringValue, IntegerValue, ...). */
    record Coerced(Object value) implements CoercionResult {
    }

    record Uncoercible(String reason) implements CoercionResult {
    }
}
