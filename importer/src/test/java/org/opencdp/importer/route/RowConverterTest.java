package org.opencdp.importer.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opencdp.importer.source.RawRow;

class RowConverterTest {

    private static RawRow row(final long line, final String... namesAndValues) {
        final Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return new RawRow(line, values, List.of());
    }

    @Test
    void shouldTypeCellsByTheCatalogWhereDefinedAndByTheColumnsFirstValueElse() {
        // Given a catalog where "age" is an integer and "vip" a boolean, and no definition of "score" or "zip"
        final Catalog catalog = new Catalog(Map.of("age", new Catalog.Property("integer", null),
                "vip", new Catalog.Property("boolean", null)));
        final RowConverter converter = new RowConverter(Route.CUSTOMERS, catalog, "NULL");

        // When rows are converted
        final RowConverter.Converted first = converter.convert(row(2, "id", "42", "age", "31", "vip", "yes",
                "score", "4.50", "zip", "007", "plan", ""));
        final RowConverter.Converted second = converter.convert(row(3, "id", "43", "age", "", "vip", "n",
                "score", "high", "zip", "NULL", "plan", "pro"));

        // Then the first is typed (the empty cell sends nothing) and the second refused for its score only
        assertThat(first.problems()).isEmpty();
        assertThat(first.item().toString())
                .isEqualTo("{\"id\":\"42\",\"age\":31,\"vip\":true,\"score\":4.50,\"zip\":\"007\"}");
        assertThat(second.item()).isNull();
        assertThat(second.problems()).containsExactly("score: \"high\" is not a number (the column's first value made it number)");
    }

    @Test
    void shouldClearWithTheNullMarkerAndRefuseValuesTheCatalogCannotHold() {
        final Catalog catalog = new Catalog(Map.of("tier", new Catalog.Property("enum", List.of("gold", "silver")),
                "since", new Catalog.Property("date", null)));
        final RowConverter converter = new RowConverter(Route.CUSTOMERS, catalog, "NULL");

        final RowConverter.Converted cleared = converter.convert(row(2, "id", "a", "tier", "NULL", "since", "2024-01-31"));
        final RowConverter.Converted refused = converter.convert(row(3, "id", "b", "tier", "bronze", "since", "31/12/2019"));

        assertThat(cleared.item().toString()).isEqualTo("{\"id\":\"a\",\"tier\":null,\"since\":\"2024-01-31\"}");
        assertThat(refused.problems()).hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("tier: \"bronze\" is not one of [gold, silver]"))
                .anySatisfy(p -> assertThat(p).startsWith("since: \"31/12/2019\" is not a date"));
    }

    @Test
    void shouldRefuseRowsThatBreakTheRoutesLimitsWithEveryReason() {
        final RowConverter converter = new RowConverter(Route.CUSTOMERS, Catalog.empty(), null);

        final RowConverter.Converted converted = converter.convert(row(9, "id", " ", "bio", "é".repeat(1001)));

        assertThat(converted.problems()).containsExactly("id: empty", "bio: text of 1001 characters, at most 1000");
    }

    @Test
    void shouldShapeRetentlySubscribersEventsAndArrayRecords() {
        final RowConverter retently = new RowConverter(Route.RETENTLY, Catalog.empty(), null);
        final RowConverter events = new RowConverter(Route.EVENTS, Catalog.empty(), null);
        final RowConverter arrays = new RowConverter(Route.ARRAYS, Catalog.empty(), null);

        assertThat(retently.convert(row(2, "email", "Ann@Example.com", "first_name", "Ann", "Plan Name", "pro")).item())
                .hasToString("{\"email\":\"Ann@Example.com\",\"first_name\":\"Ann\",\"properties\":[{\"label\":\"Plan Name\",\"value\":\"pro\"}]}");
        assertThat(retently.convert(row(3, "email", "not-an-email")).problems())
                .containsExactly("email: \"not-an-email\" is not an email address");
        assertThat(events.convert(row(2, "customer_id", "1", "event", "purchase", "amount", "9.99")).item())
                .hasToString("{\"customer_id\":\"1\",\"event\":\"purchase\",\"data\":{\"amount\":9.99}}");
        assertThat(arrays.convert(row(2, "customer_id", "1", "field", "orders", "id", "o-1", "total", "12")).item())
                .hasToString("{\"customer_id\":\"1\",\"field\":\"orders\",\"data\":[{\"id\":\"o-1\",\"total\":12}]}");
    }

    @Test
    void shouldNormaliseRetentlyLabelsAsTheRouteDoes() {
        assertThat(RowConverter.normalisedLabel("  New Property!! ")).isEqualTo("new_property");
    }
}
