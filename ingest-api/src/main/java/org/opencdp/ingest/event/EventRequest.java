package org.opencdp.ingest.event;

import java.util.List;

import org.opencdp.ingest.value.ReadBody;
import org.opencdp.schemas.values.Violation;

/** The outcome of reading a {@code POST /events} body: the event when valid, else every violation. */
public record EventRequest(TrackedEvent event, List<Violation> violations) implements ReadBody {

    public EventRequest {
        violations = List.copyOf(violations);
    }

}
