package org.opencdp.projector.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.PropertyDefinitionEntry;

class CatalogViewTest {

    private static final Instant T1 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2024-05-01T11:30:00Z");

    @Test
    void shouldShowEnumValuesOnlyForAnEnumProperty() {
        // Given
        final List<PropertyDefinitionEntry> definitions = List.of(
                new PropertyDefinitionEntry("demo", "plan", "enum", List.of("free", "pro"), T1, "PUT /properties/{name}", "r1", T2, 2L),
                new PropertyDefinitionEntry("demo", "tier", "string", List.of(), T1, "POST /api/v2/customers", "r2", T1, 1L));
        // When
        final JsonNode json = new ObjectMapper().valueToTree(CatalogView.of(definitions));
        // Then
        final JsonNode plan = json.path("properties").get(0);
        assertThat(plan.path("name").asText()).isEqualTo("plan");
        assertThat(plan.path("type").asText()).isEqualTo("enum");
        assertThat(plan.path("enum_values")).hasSize(2);
        assertThat(plan.path("enum_values").get(1).asText()).isEqualTo("pro");
        assertThat(plan.path("created_at").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(plan.path("created_by_route").asText()).isEqualTo("PUT /properties/{name}");
        assertThat(plan.path("updated_at").asText()).isEqualTo("2024-05-01T11:30:00Z");
        final JsonNode tier = json.path("properties").get(1);
        assertThat(tier.path("type").asText()).isEqualTo("string");
        assertThat(tier.has("enum_values")).isFalse();
    }
}
