package org.opencdp.trigger.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.ItemList;
import org.opencdp.avro.NestedItem;
import org.opencdp.avro.NestedItemList;
import org.opencdp.avro.ScalarList;

class RawValuesTest {

    @Test
    void shouldTurnListsAndItemsIntoPlainJsonValues() {
        // Given an item list whose item holds a scalar list and a nested item list
        final Map<String, Object> fields = new HashMap<>();
        fields.put("id", "o-1");
        fields.put("skus", new ScalarList(Arrays.asList("a", null, 3L)));
        fields.put("lines", new NestedItemList(List.of(new NestedItem(Map.of("qty", 2L)))));
        final Map<String, Object> values = new HashMap<>();
        values.put("orders", new ItemList(List.of(new ArrayItem(fields))));
        values.put("none", null);

        // When it is made plain
        final Map<String, Object> plain = RawValues.plain(values);

        // Then lists become lists and items maps, with nulls kept
        final Map<String, Object> order = new HashMap<>();
        order.put("id", "o-1");
        order.put("skus", Arrays.asList("a", null, 3L));
        order.put("lines", List.of(Map.of("qty", 2L)));
        final Map<String, Object> expected = new HashMap<>();
        expected.put("orders", List.of(order));
        expected.put("none", null);
        assertThat(plain).isEqualTo(expected);
    }
}
