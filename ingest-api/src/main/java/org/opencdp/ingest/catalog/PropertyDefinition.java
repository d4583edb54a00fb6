package org.opencdp.ingest.catalog;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A property's definition as an administrator sets it, and as {@code PUT /properties/{name}} answers it:
 * {@code {"name":"tier","type":"enum","enum_values":["gold","silver"]}} ({@code enum_values} empty unless enum).
 */
public record PropertyDefinition(String name, String type, @JsonProperty("enum_values") List<String> enumValues) {

    public PropertyDefinition {
        enumValues = List.copyOf(enumValues);
    }
}
