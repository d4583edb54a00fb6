package org.opencdp.importer.route;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The workspace's property catalog as the import uses it: each property's type and, for an enum, its values. */
public final class Catalog {

    public record Property(String type, List<String> enumValues) {
        public Property {
            enumValues = enumValues == null ? List.of() : List.copyOf(enumValues);
        }
    }

    private final Map<String, Property> properties;

    public Catalog(final Map<String, Property> properties) {
        this.properties = new TreeMap<>(properties);
    }

    public static Catalog empty() {
        return new Catalog(Map.of());
    }

    /** The property named so, or null when the catalog does not define it. */
    public Property property(final String name) {
        return properties.get(name);
    }

    public Map<String, Property> properties() {
        return java.util.Collections.unmodifiableMap(properties);
    }
}
