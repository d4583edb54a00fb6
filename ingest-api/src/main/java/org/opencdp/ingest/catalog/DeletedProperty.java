package org.opencdp.ingest.catalog;

/** The {@code DELETE /properties/{name}} answer, {@code {"name":"tier","deleted":true}}. */
public record DeletedProperty(String name, boolean deleted) {

    public static DeletedProperty of(final String name) {
        return new DeletedProperty(name, true);
    }
}
