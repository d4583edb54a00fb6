package org.opencdp.projector.customer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.opencdp.avro.ArrayItem;
import org.opencdp.schemas.values.Ids;

/**
 * Items of an array field (contract section 6): addressed by their {@code id} field, canonical like customer
 * ids (a number is its decimal string), kept in insertion order, never duplicated by id.
 */
final class ArrayItems {

    static final String ID_FIELD = "id";

    private ArrayItems() {
    }

    /** The item's canonical id; empty when it has none. */
    static Optional<String> idOf(final ArrayItem item) {
        return switch (item.getFields().get(ID_FIELD)) {
            case String s -> Optional.of(s);
            case Long l -> Optional.of(Ids.canonical(l));
            case null, default -> Optional.empty();
        };
    }

    /** Each incoming item replaces the item with its id in place, or is appended when none has it or it has no id. */
    static List<ArrayItem> upsert(final List<ArrayItem> existing, final List<ArrayItem> incoming) {
        final List<ArrayItem> items = new ArrayList<>(existing);
        for (final ArrayItem item : incoming) {
            final Optional<String> id = idOf(item);
            final int index = id.map(i -> indexOf(items, i)).orElse(-1);
            if (index >= 0) {
                items.set(index, item);
            } else {
                items.add(item);
            }
        }
        return items;
    }

    /** The items whose id is not in {@code ids}, in their order. */
    static List<ArrayItem> delete(final List<ArrayItem> existing, final Collection<String> ids) {
        final Set<String> removed = new HashSet<>(ids);
        return existing.stream().filter(item -> idOf(item).map(id -> !removed.contains(id)).orElse(true)).toList();
    }

    private static int indexOf(final List<ArrayItem> items, final String id) {
        for (int i = 0; i < items.size(); i++) {
            if (idOf(items.get(i)).filter(id::equals).isPresent()) {
                return i;
            }
        }
        return -1;
    }
}
