package org.opencdp.ingest.array;

import java.util.List;

import org.opencdp.avro.ArrayItem;

/** One record of a {@code POST /arrays} request: whose array field, and the items to replace or append, in order. */
public record ArrayItemsUpsert(String customerId, String field, List<ArrayItem> items) {

    public ArrayItemsUpsert {
        items = List.copyOf(items);
    }
}
