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

    @Test
    void shouldJoinPartitionsCopiesEachPropertyAsTheCopyThatChangedItLastShowsIt() throws Exception {
        // Given two partitions' copies, read as another instance's JSON answer and here: plan changed later in the
        // second, tier only in the first, city only in the second
        final ObjectMapper json = new ObjectMapper();
        final CatalogView first = json.readValue(json.writeValueAsBytes(CatalogView.of(List.of(
                new PropertyDefinitionEntry("demo", "plan", "string", List.of(), T1, "POST /customers", "r1", T1, 1L),
                new PropertyDefinitionEntry("demo", "tier", "integer", List.of(), T1, "POST /customers", "r2", T1, 1L)))),
                CatalogView.class);
        final CatalogView second = CatalogView.of(List.of(
                new PropertyDefinitionEntry("demo", "city", "string", List.of(), T2, "POST /customers", "r3", T2, 1L),
                new PropertyDefinitionEntry("demo", "plan", "enum", List.of("free", "pro"), T1, "PUT /properties/{name}", "r4", T2, 2L)));
        // When
        final CatalogView joined = CatalogView.union(List.of(first, second));
        // Then every property once, by name, plan as changed last
        assertThat(joined.properties()).extracting(CatalogView.PropertyView::name).containsExactly("city", "plan", "tier");
        assertThat(joined.properties().get(1).type()).isEqualTo("enum");
        assertThat(joined.properties().get(1).enumValues()).containsExactly("free", "pro");
        assertThat(joined.properties().get(2).type()).isEqualTo("integer");
    }
}
