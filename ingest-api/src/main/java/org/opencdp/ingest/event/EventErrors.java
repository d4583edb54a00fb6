package org.opencdp.ingest.event;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opencdp.ingest.value.Violation;

/**
 * The {@code POST /events} validation answer, {@code {"errors":{"field":["message", …]}}}: messages grouped
 * by field, named by dotted path ({@code data.items.0.name}); a body that is not an object is {@code body}.
 */
public record EventErrors(Map<String, List<String>> errors) {

    public static EventErrors of(final List<Violation> violations) {
        final Map<String, List<String>> errors = new LinkedHashMap<>();
        for (final Violation v : violations) {
            final String field = v.at().isRoot() ? "body" : v.at().dotted();
            errors.computeIfAbsent(field, f -> new ArrayList<>()).add(v.message());
        }
        return new EventErrors(errors);
    }
}
