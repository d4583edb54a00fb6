package org.opencdp.projector.http;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.ArrayValue;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.AttributeRejection;
import org.opencdp.avro.BooleanValue;
import org.opencdp.avro.CollectionValue;
import org.opencdp.avro.DateValue;
import org.opencdp.avro.EnumValue;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.IntegerValue;
import org.opencdp.avro.MergeRecord;
import org.opencdp.avro.NestedItem;
import org.opencdp.avro.NestedItemList;
import org.opencdp.avro.NumberValue;
import org.opencdp.avro.Profile;
import org.opencdp.avro.ScalarList;
import org.opencdp.avro.StringValue;
import org.opencdp.avro.Subscription;
import org.opencdp.schemas.HistoryPositions;
import org.opencdp.schemas.values.AttributeType;

/**
 * A profile as {@code GET /customers/{customer_id}} shows it; times are ISO-8601 UTC with {@code Z}.
 * {@code history_position} is where the profile stands in its history ({@code ?as_of_position=} reads it back
 * there); absent while nothing of it was filed.
 */
public record ProfileView(
        @JsonProperty("customer_id") String customerId,
        List<IdentifierView> identifiers,
        Map<String, AttributeView> attributes,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("last_request_id") String lastRequestId,
        long revision,
        List<RejectionView> rejections,
        List<SubscriptionView> subscriptions,
        List<MergeView> merges,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("history_position") String historyPosition) {

    /** One identifier: kind customer_id, email, phone or custom (then with its name). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IdentifierView(String kind, String name, String value) {
    }

    /** One subscription; {@code repeated_attempts} counts the times it was subscribed again. */
    public record SubscriptionView(String channel, String type,
                                   @JsonProperty("sign_up_source_id") String signUpSourceId,
                                   @JsonProperty("subscribed_at") String subscribedAt,
                                   @JsonProperty("repeated_attempts") int repeatedAttempts,
                                   @JsonProperty("last_attempt_at") String lastAttemptAt) {
    }

    /** A merge this profile survived: whom it absorbed, when, through which request, and whether it can be undone. */
    public record MergeView(@JsonProperty("merge_id") String mergeId,
                            @JsonProperty("absorbed_id") String absorbedId,
                            @JsonProperty("merged_at") String mergedAt,
                            @JsonProperty("request_id") String requestId,
                            boolean undone, boolean undoable) {
    }

    /** One attribute: its type label and its value as JSON. */
    public record AttributeView(String type, Object value) {
    }

    /** A value that was not stored because it cannot be coerced to its property's type; {@code value} as sent, as text. */
    public record RejectionView(String property, String value, String reason,
                                @JsonProperty("request_id") String requestId,
                                @JsonProperty("rejected_at") String rejectedAt) {
    }

    public static ProfileView of(final Profile profile) {
        final Map<String, AttributeView> attributes = new TreeMap<>();
        profile.getAttributes().forEach((name, attribute) -> attributes.put(name, view(attribute)));
        return new ProfileView(profile.getCustomerId(),
                profile.getIdentifiers().stream().map(ProfileView::identifier).toList(),
                attributes, profile.getCreatedAt().toString(), profile.getUpdatedAt().toString(), profile.getLastRequestId(),
                profile.getRevision(), profile.getRejections().stream().map(ProfileView::rejection).toList(),
                profile.getSubscriptions().stream().map(ProfileView::subscription).toList(),
                profile.getMerges().stream().map(ProfileView::merge).toList(),
                profile.getHistoryPosition() == null ? null : HistoryPositions.format(profile.getHistoryPosition()));
    }

    static IdentifierView identifier(final Identifier identifier) {
        return new IdentifierView(identifier.getKind(), identifier.getName(), identifier.getValue());
    }

    static SubscriptionView subscription(final Subscription s) {
        return new SubscriptionView(s.getChannel(), s.getType(), s.getSignUpSourceId(), s.getSubscribedAt().toString(),
                s.getRepeatedAttempts(), s.getLastAttemptAt() == null ? null : s.getLastAttemptAt().toString());
    }

    static MergeView merge(final MergeRecord m) {
        return new MergeView(m.getMergeId(), m.getAbsorbedId(), m.getMergedAt().toString(), m.getRequestId(),
                m.getUndone(), m.getUndoable());
    }

    /** Oldest first, as the profile keeps them. */
    private static RejectionView rejection(final AttributeRejection rejection) {
        return new RejectionView(rejection.getProperty(), rejection.getValue(), rejection.getReason(),
                rejection.getRequestId(), rejection.getRejectedAt().toString());
    }

    static AttributeView view(final Attribute attribute) {
        final Object value = attribute.getValue();
        return new AttributeView(AttributeType.of(value).label(), switch (value) {
            case StringValue v -> v.getValue();
            case IntegerValue v -> v.getValue();
            case NumberValue v -> new BigDecimal(v.getDecimal());
            case BooleanValue v -> v.getValue();
            case DateValue v -> v.getValue().toString();
            case CollectionValue v -> List.copyOf(v.getItems());
            case ArrayValue v -> v.getItems().stream().map(ProfileView::item).toList();
            case EnumValue v -> v.getValue();
            default -> throw new IllegalArgumentException("Not a typed attribute value: " + value);
        });
    }

    static Map<String, Object> item(final ArrayItem item) {
        final Map<String, Object> fields = new TreeMap<>();
        item.getFields().forEach((name, value) -> fields.put(name, json(value)));
        return fields;
    }

    /** Array item fields as sent: scalars, lists of scalars, and one level of lists of objects. */
    private static Object json(final Object value) {
        return switch (value) {
            case ScalarList list -> new ArrayList<>(list.getItems());
            case NestedItemList list -> list.getItems().stream().map(ProfileView::nested).toList();
            case null, default -> value;
        };
    }

    private static Map<String, Object> nested(final NestedItem item) {
        final Map<String, Object> fields = new TreeMap<>();
        item.getFields().forEach((name, value) -> fields.put(name, json(value)));
        return fields;
    }
}
