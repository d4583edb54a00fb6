package org.opencdp.projector.customer;

/** A value that was not stored because it cannot be coerced to its property's type; the rest still applied. */
public record AttributeRejection(String property, String value, String reason, String requestId) {
}
