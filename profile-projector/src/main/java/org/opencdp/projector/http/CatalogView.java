package org.opencdp.projector.http;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.opencdp.avro.PropertyDefinitionEntry;
import org.opencdp.schemas.values.AttributeType;

/** A workspace's property catalog as {@code GET /properties} shows it, sorted by name; times ISO-8601 UTC. */
public record CatalogView(List<PropertyView> properties) {

    public CatalogView {
        properties = List.copyOf(properties);
    }

    /** One property; {@code enum_values} only for an enum. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PropertyView(
            String name,
            String type,
            @JsonProperty("enum_values") List<String> enumValues,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("created_by_route") String createdByRoute,
            @JsonProperty("updated_at") String updatedAt) {
    }

    /**
     * Several partitions' copies of one catalog as one: each property as the copy that changed it last shows it
     * (a copy may not have a decision the others have yet), sorted by name.
     */
    public static CatalogView union(final List<CatalogView> copies) {
        final Map<String, PropertyView> newest = new TreeMap<>();
        copies.forEach(copy -> copy.properties().forEach(property -> newest.merge(property.name(), property,
                (one, other) -> Instant.parse(other.updatedAt()).isAfter(Instant.parse(one.updatedAt())) ? other : one)));
        return new CatalogView(List.copyOf(newest.values()));
    }

    public static CatalogView of(final List<PropertyDefinitionEntry> definitions) {
        return new CatalogView(definitions.stream().map(CatalogView::view).toList());
    }

    private static PropertyView view(final PropertyDefinitionEntry definition) {
        final boolean isEnum = AttributeType.ENUM.label().equals(definition.getType());
        return new PropertyView(definition.getName(), definition.getType(),
                isEnum ? List.copyOf(definition.getEnumValues()) : null,
                definition.getCreatedAt().toString(), definition.getCreatedByRoute(), definition.getUpdatedAt().toString());
    }
}
