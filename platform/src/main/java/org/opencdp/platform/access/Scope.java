package org.opencdp.platform.access;

import java.util.EnumSet;
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
    WORKFLOWS_WRITE("workflows:write");

    private final String label;

    Scope(final String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Set<Scope> all() {
        return EnumSet.allOf(Scope.class);
    }
}
