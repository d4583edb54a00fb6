package org.opencdp.ingest.value;

import java.util.List;

import org.opencdp.schemas.values.Violation;

/** A request body as a reader understood it: valid, or every violation found (and then nothing to apply). */
public interface ReadBody {

    List<Violation> violations();

    default boolean isValid() {
        return violations().isEmpty();
    }
}
