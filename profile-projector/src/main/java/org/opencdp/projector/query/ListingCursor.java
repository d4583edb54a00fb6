package org.opencdp.projector.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Where a page of a workspace's profiles ended (contract section 12, {@code GET /customers?cursor=}): a partition of
 * the profile store and the last customer id read in it (none: the partition's start). Profiles are listed by
 * partition, then by key within it, so a cursor means the same on every instance and stays valid while
 * profiles are added (those before the cursor are then not listed, those after it are).
 */
public record ListingCursor(int partition, Optional<String> after) {

    private static final int MAX_LENGTH = 400;

    public ListingCursor {
        if (partition < 0 || after == null) {
            throw new IllegalArgumentException("a listing cursor names a partition");
        }
    }

    public static final ListingCursor START = new ListingCursor(0, Optional.empty());

    /** Reads a cursor {@link #format} wrote. */
    public static ListingCursor parse(final String text) {
        final int colon = text == null ? -1 : text.indexOf('.');
        if (colon <= 0 || text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("cursor is not one a page of customers gave");
        }
        try {
            final int partition = Integer.parseInt(text.substring(0, colon));
            final String rest = text.substring(colon + 1);
            return new ListingCursor(partition, rest.isEmpty() ? Optional.empty()
                    : Optional.of(new String(Base64.getUrlDecoder().decode(rest), StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor is not one a page of customers gave", e);
        }
    }

    public String format() {
        return partition + "." + after.map(id -> Base64.getUrlEncoder().withoutPadding()
                .encodeToString(id.getBytes(StandardCharsets.UTF_8))).orElse("");
    }
}
