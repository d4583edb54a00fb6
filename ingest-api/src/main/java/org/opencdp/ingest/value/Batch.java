package org.opencdp.ingest.value;

import java.util.List;

import org.opencdp.schemas.values.Violation;
import org.opencdp.schemas.values.Violations;

/** A read request body: its items when valid, else every violation found and no item. */
public record Batch<T>(List<T> items, List<Violation> violations) implements ReadBody {

    public Batch {
        items = List.copyOf(items);
        violations = List.copyOf(violations);
    }

    /** The items, or nothing but the violations when there is any: a request is applied whole or not at all. */
    public static <T> Batch<T> of(final List<T> items, final Violations violations) {
        return violations.isEmpty() ? new Batch<>(items, List.of()) : new Batch<>(List.of(), violations.list());
    }

}
