package org.opencdp.ingest.retainly;

import java.util.ArrayList;
import java.util.List;

import org.opencdp.ingest.json.MalformedJson;
import org.opencdp.schemas.values.Violation;

/**
 * The Retainly validation answer, {@code {"detail":[{"loc":["body","customers",3,"id"],"msg":"…","type":"…"}]}}:
 * one entry per violation, {@code loc} starting at {@code "body"}.
 */
public record DetailBody(List<Entry> detail) {

    public record Entry(List<Object> loc, String msg, String type) {
    }

    public static DetailBody of(final List<Violation> violations) {
        return new DetailBody(violations.stream().map(v -> new Entry(loc(v), v.message(), v.type())).toList());
    }

    /** A request header the route refuses: {@code loc} is {@code ["header", <name>]}, as FastAPI locates headers. */
    public static DetailBody ofHeader(final String header, final String type, final String message) {
        return new DetailBody(List.of(new Entry(List.of("header", header), message, type)));
    }

    /** Malformed JSON: {@code loc} is {@code ["body", <byte offset>]}, as FastAPI reports a decode error. */
    public static DetailBody of(final MalformedJson malformed) {
        final List<Object> loc = malformed.offset() >= 0 ? List.of("body", malformed.offset()) : List.of("body");
        return new DetailBody(List.of(new Entry(loc, "JSON decode error: " + malformed.describe(), "json_invalid")));
    }

    private static List<Object> loc(final Violation violation) {
        final List<Object> loc = new ArrayList<>();
        loc.add("body");
        loc.addAll(violation.at().segments());
        return loc;
    }
}
