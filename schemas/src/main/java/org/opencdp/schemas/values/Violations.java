package org.opencdp.schemas.values;

import java.util.ArrayList;
import java.util.List;

/** Collects every violation of a request, so that one answer can list them all. */
public final class Violations {

    private final List<Violation> found = new ArrayList<>();

    public void add(final Path at, final String type, final String message) {
        found.add(new Violation(at, type, message));
    }

    public int count() {
        return found.size();
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public List<Violation> list() {
        return List.copyOf(found);
    }
}
