package org.opencdp.ingest.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.opencdp.schemas.values.Path;
import org.opencdp.schemas.values.Violation;

/**
 * The {@code {"errors":{"field":["message", …]}}} validation answer: messages grouped by field, in the order
 * found. {@code POST /events} names fields by dotted path ({@code data.items.0.name}), as its seed's Laravel
 * style does; the Retently and catalog routes with brackets ({@code subscribers[0].email}). A violation of
 * the body as a whole is {@code body}.
 */
public record FieldErrors(Map<String, List<String>> errors) {

    public static FieldErrors dotted(final List<Violation> violations) {
        return of(violations, Path::dotted);
    }

    public static FieldErrors bracketed(final List<Violation> violations) {
        return of(violations, Path::bracketed);
    }

    public static FieldErrors of(final String field, final String message) {
        return new FieldErrors(Map.of(field, List.of(message)));
    }

    private static FieldErrors of(final List<Violation> violations, final Function<Path, String> name) {
        final Map<String, List<String>> errors = new LinkedHashMap<>();
        for (final Violation v : violations) {
            final String field = v.at().isRoot() ? "body" : name.apply(v.at());
            errors.computeIfAbsent(field, f -> new ArrayList<>()).add(v.message());
        }
        return new FieldErrors(errors);
    }
}
