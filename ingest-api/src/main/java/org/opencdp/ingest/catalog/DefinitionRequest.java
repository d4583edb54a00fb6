package org.opencdp.ingest.catalog;

import java.util.List;

import org.opencdp.ingest.value.ReadBody;
import org.opencdp.schemas.values.Violation;

/** A read {@code PUT /properties/{name}} request: the definition when valid, else every violation. */
public record DefinitionRequest(PropertyDefinition definition, List<Violation> violations) implements ReadBody {

    public DefinitionRequest {
        violations = List.copyOf(violations);
    }
}
