package org.opencdp.schemas.values;

/**
 * One way a request breaks the route's rules: where, a stable machine-readable {@code type} and a message
 * for people.
 */
public record Violation(Path at, String type, String message) {
}
