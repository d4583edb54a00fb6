package org.opencdp.ingest.array;

import java.util.List;

/** One record of a {@code DELETE /arrays} request: whose array field, and the canonical ids of the items to remove. */
public record ArrayItemsDeletion(String customerId, String field, List<String> itemIds) {

    public ArrayItemsDeletion {
        itemIds = List.copyOf(itemIds);
    }
}
