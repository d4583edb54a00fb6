package org.opencdp.importer.route;

import java.util.Locale;

/** The ingest-api route an import writes through (contract section 5), and how its batches are shaped. */
public enum Route {
    CUSTOMERS("/customers", "customers", "body.customers"),
    ARRAYS("/arrays", "records", "body.records"),
    EVENTS("/events", null, null),
    RETENTLY("/api/v2/customers", "subscribers", "subscribers");

    private final String path;
    private final String listField;
    private final String errorPrefix;

    Route(final String path, final String listField, final String errorPrefix) {
        this.path = path;
        this.listField = listField;
        this.errorPrefix = errorPrefix;
    }

    public String path() {
        return path;
    }

    /** The field holding a batch's items ({@code customers}); null when the route takes one item per request. */
    public String listField() {
        return listField;
    }

    /** How the route's 422 names an item: {@code body.customers} ({@code loc} list) or {@code subscribers} ({@code subscribers[3]}). */
    String errorPrefix() {
        return errorPrefix;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
