package org.opencdp.ingest.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.opencdp.ingest.catalog.PropertyDefinition;
import org.opencdp.ingest.query.ProjectorQueries.CatalogProperty;

/** When catalog administration may answer: once GET /properties shows its change. */
class CatalogVisibilityTest {

    private static final PropertyDefinition TIER = new PropertyDefinition("tier", "enum", List.of("gold", "silver"));

    @Test
    void shouldSeeADefinitionOnceTheCatalogHoldsItsTypeAndEnumValues() {
        // Then
        assertThat(CatalogVisibility.defines(TIER).test(List.of())).isFalse();
        assertThat(CatalogVisibility.defines(TIER).test(List.of(new CatalogProperty("tier", "string", null)))).isFalse();
        assertThat(CatalogVisibility.defines(TIER).test(List.of(new CatalogProperty("tier", "enum", List.of("gold"))))).isFalse();
        assertThat(CatalogVisibility.defines(TIER).test(List.of(new CatalogProperty("plan", "string", null),
                new CatalogProperty("tier", "enum", List.of("gold", "silver"))))).isTrue();
    }

    @Test
    void shouldSeeADefinitionWithoutEnumValuesWhenTheCatalogListsNone() {
        // Given: GET /properties leaves enum_values out unless the property is an enum
        final PropertyDefinition plan = new PropertyDefinition("plan", "string", List.of());
        // Then
        assertThat(CatalogVisibility.defines(plan).test(List.of(new CatalogProperty("plan", "string", null)))).isTrue();
    }

    @Test
    void shouldSeeADeletionOnceTheCatalogNoLongerListsTheProperty() {
        // Then
        assertThat(CatalogVisibility.lacks("tier").test(List.of(new CatalogProperty("tier", "enum", List.of("gold"))))).isFalse();
        assertThat(CatalogVisibility.lacks("tier").test(List.of(new CatalogProperty("Tier", "string", null)))).isTrue();
    }
}
