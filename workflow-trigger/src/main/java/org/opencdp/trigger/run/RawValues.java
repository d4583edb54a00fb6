package org.opencdp.trigger.run;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.ItemList;
import org.opencdp.avro.NestedItem;
import org.opencdp.avro.NestedItemList;
import org.opencdp.avro.ScalarList;

/** Raw Avro values (scalars, {@link ScalarList}, {@link ItemList}...) as plain JSON-ready Java values. */
public final class RawValues {

    private RawValues() {
    }

    /** Maps keep their keys in order, so that JSON answers are stable. */
    public static Map<String, Object> plain(final Map<String, Object> values) {
        final Map<String, Object> plain = new TreeMap<>();
        values.forEach((name, value) -> plain.put(name, plain(value)));
        return plain;
    }

    public static Object plain(final Object value) {
        return switch (value) {
            case null -> null;
            case ScalarList list -> list.getItems().stream().map(RawValues::plain).toList();
            case ItemList list -> items(list.getItems().stream().map(ArrayItem::getFields).toList());
            case NestedItemList list -> items(list.getItems().stream().map(NestedItem::getFields).toList());
            case CharSequence text -> text.toString();
            default -> value;
        };
    }

    private static List<Map<String, Object>> items(final List<Map<String, Object>> items) {
        return items.stream().map(RawValues::plain).toList();
    }
}
