package org.opencdp.schemas.values;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where in a request body a value sits: field names and array indexes from the body's root. A persistent
 * list (each step points to its parent), so stepping into a field costs one small object even for the
 * millions of values a large request may hold.
 */
public final class Path {

    private static final Path ROOT = new Path(null, null);

    private final Path parent;
    private final Object segment;

    private Path(final Path parent, final Object segment) {
        this.parent = parent;
        this.segment = segment;
    }

    public static Path root() {
        return ROOT;
    }

    public Path field(final String name) {
        return new Path(this, name);
    }

    public Path index(final int index) {
        return new Path(this, index);
    }

    public boolean isRoot() {
        return parent == null;
    }

    /** Field names (String) and indexes (Integer), outermost first. */
    public List<Object> segments() {
        final Deque<Object> segments = new ArrayDeque<>();
        for (Path p = this; !p.isRoot(); p = p.parent) {
            segments.addFirst(p.segment);
        }
        return List.copyOf(segments);
    }

    /** The segments joined with dots ({@code data.items.0.name}), as Laravel-style error keys name fields. */
    public String dotted() {
        return segments().stream().map(String::valueOf).collect(Collectors.joining("."));
    }

    /**
     * Field names joined with dots, indexes in brackets ({@code subscribers[0].properties[2].label}), as the
     * Retently family and the catalog routes name fields in their errors.
     */
    public String bracketed() {
        final StringBuilder text = new StringBuilder();
        for (final Object segment : segments()) {
            if (segment instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else {
                text.append(text.isEmpty() ? "" : ".").append(segment);
            }
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return isRoot() ? "(root)" : dotted();
    }
}
