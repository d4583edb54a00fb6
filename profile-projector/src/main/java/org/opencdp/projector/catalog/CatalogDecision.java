package org.opencdp.projector.catalog;

import org.opencdp.avro.PropertyDefinitionEntry;

/** What one catalog command does to the property it names. */
public sealed interface CatalogDecision {

    /** The property's definition is now {@code entry}: created, or changed by an administrator. */
    record Defined(PropertyDefinitionEntry entry) implements CatalogDecision {
    }

    /** The property is deleted: its definition and every profile's value. */
    record Deleted() implements CatalogDecision {
    }

    /** Nothing changes, e.g. a proposal for a property that is already defined (first write wins). */
    record Unchanged(String reason) implements CatalogDecision {
    }

    /** The command is invalid: nothing of it applies. */
    record Rejected(String reason) implements CatalogDecision {
    }
}
