package org.opencdp.projector.http;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.opencdp.avro.Profile;
import org.opencdp.projector.query.ListingCursor;
import org.opencdp.projector.query.ListingStore;

/** A page of a workspace's customers ({@code GET /customers?cursor=&limit=}); {@code next_cursor} null on the last. */
public record CustomersView(List<ProfileView> customers, @JsonProperty("next_cursor") String nextCursor) {

    static CustomersView of(final ListingStore.Paged<Profile> page) {
        return new CustomersView(page.items().stream().map(ProfileView::of).toList(),
                page.next().map(ListingCursor::format).orElse(null));
    }
}
