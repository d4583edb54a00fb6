package org.opencdp.platform.access;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** What a bearer token may do (contract section 2). */
public enum Scope {
    CUSTOMERS_WRITE("customers:write"),
    CUSTOMERS_DELETE("customers:delete"),
    ATTRIBUTES_WRITE("attributes:write"),
    SUBSCRIPTIONS_WRITE("subscriptions:write"),
    EVENTS_WRITE("events:write"),
    PROFILES_READ("profiles:read"),
    CATALOG_WRITE("catalog:write"),
    WORKFLOWS_WRITE("workflows:write"),
    SEGMENTS_WRITE("segments:write");

    private final String label;

    Scope(final String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The scope a label names ({@code profiles:read}), or empty for an unknown label. */
    public static Optional<Scope> ofLabel(final String label) {
        return Arrays.stream(values()).filter(s -> s.label.equals(label)).findFirst();
    }

    public static Set<Scope> all() {
        return EnumSet.allOf(Scope.class);
    }
}
