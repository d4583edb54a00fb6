package org.opencdp.projector.http;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.MergeRecord;
import org.opencdp.avro.Subscription;
import org.opencdp.projector.history.HistoryCursor;
import org.opencdp.projector.history.HistoryEntry;
import org.opencdp.projector.history.HistoryPage;

/**
 * A page of a customer's history as {@code GET /customers/{id}/history} shows it (contract section 12), newest
 * first. {@code old} and {@code new} are shown as the profile shows the same thing: an attribute as its type and
 * value, an array item as its fields, an identifier, a subscription or a merge as in the profile, a merge's
 * {@code merged_into} as a customer id and {@code created_at} as a time.
 */
public record HistoryView(List<EntryView> entries,
                          @JsonProperty("next_cursor") String nextCursor,
                          @JsonProperty("complete_from") @JsonInclude(JsonInclude.Include.NON_NULL) String completeFrom) {

    /**
     * One change. {@code item} only for an array item (its id) or a merge record (its merge id); {@code merged_from}
     * only for a change of another customer that a merge brought into this history (its id).
     */
    public record EntryView(String at, String kind, String name,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String item,
                            @JsonProperty("old") Object oldValue, @JsonProperty("new") Object newValue,
                            @JsonProperty("request_id") String requestId, String source,
                            @JsonProperty("merged_from") @JsonInclude(JsonInclude.Include.NON_NULL) String mergedFrom) {
    }

    static HistoryView of(final HistoryPage page) {
        return new HistoryView(page.entries().stream().map(HistoryView::entry).toList(),
                page.next().map(HistoryCursor::format).orElse(null),
                page.completeFrom().map(Instant::toString).orElse(null));
    }

    private static EntryView entry(final HistoryEntry entry) {
        return new EntryView(entry.at().toString(), entry.kind().label(), entry.name(), entry.item(),
                value(entry.oldValue()), value(entry.newValue()), entry.requestId(), entry.source().label(),
                entry.mergedFrom());
    }

    private static Object value(final Object value) {
        return switch (value) {
            case null -> null;
            case Attribute attribute -> ProfileView.view(attribute);
            case ArrayItem item -> ProfileView.item(item);
            case Identifier identifier -> ProfileView.identifier(identifier);
            case Subscription subscription -> ProfileView.subscription(subscription);
            case MergeRecord merge -> ProfileView.merge(merge);
            case Instant instant -> instant.toString();
            default -> value.toString();
        };
    }
}
