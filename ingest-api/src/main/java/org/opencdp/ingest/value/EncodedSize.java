package org.opencdp.ingest.value;

import java.util.List;
import java.util.Map;

import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.ItemList;
import org.opencdp.avro.NestedItem;
import org.opencdp.avro.NestedItemList;
import org.opencdp.avro.ScalarList;

/**
 * An upper bound on the Avro binary size of raw values, so that a command too large for one Kafka record
 * is refused as bad input (a 4xx) before anything is published, rather than failing at the broker.
 * Avro writes a union branch index (1 byte here), varint lengths and counts (at most 5 bytes for these
 * sizes, 10 for a long), strings as UTF-8, doubles in 8 bytes.
 */
public final class EncodedSize {

    private static final int UNION_INDEX = 1;
    private static final int LENGTH = 5;
    private static final int BLOCK = 2 * LENGTH;

    private EncodedSize() {
    }

    /** Bound for an Avro map of raw values (attributes, event data, item fields). */
    public static long ofMap(final Map<String, ?> fields) {
        long size = BLOCK;
        for (final Map.Entry<String, ?> field : fields.entrySet()) {
            size += ofString(field.getKey()) + ofValue(field.getValue());
        }
        return size;
    }

    /** Bound for one raw value inside its union. */
    public static long ofValue(final Object value) {
        return UNION_INDEX + switch (value) {
            case null -> 0;
            case Boolean b -> 1;
            case Long l -> 10;
            case Double d -> 8;
            case String s -> ofString(s);
            case ScalarList list -> ofList(list.getItems());
            case ItemList list -> BLOCK + list.getItems().stream().mapToLong(i -> ofMap(i.getFields())).sum();
            case NestedItemList list -> BLOCK + list.getItems().stream().mapToLong(i -> ofMap(i.getFields())).sum();
            case ArrayItem item -> ofMap(item.getFields());
            case NestedItem item -> ofMap(item.getFields());
            default -> throw new IllegalArgumentException("Not a raw value: " + value.getClass().getName());
        };
    }

    private static long ofList(final List<Object> items) {
        long size = BLOCK;
        for (final Object item : items) {
            size += ofValue(item);
        }
        return size;
    }

    static long ofString(final String s) {
        return LENGTH + utf8Length(s);
    }

    private static long utf8Length(final String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
