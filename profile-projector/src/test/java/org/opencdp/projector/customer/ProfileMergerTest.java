package org.opencdp.projector.customer;

import static org.opencdp.projector.Times.T1;
import static org.opencdp.projector.Times.T2;
import static org.opencdp.projector.Times.T3;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.ArrayValue;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.Profile;
import org.opencdp.avro.StringValue;
import org.opencdp.avro.Subscription;
import org.opencdp.projector.identity.IdentifierKinds;

class ProfileMergerTest {

    private static final Identifier EMAIL = new Identifier(IdentifierKinds.EMAIL, null, "ann@example.com");
    private static final Identifier PHONE = new Identifier(IdentifierKinds.PHONE, null, "+13115552368");

    private static Profile profile(final String id, final Instant created, final Identifier identifier,
                                   final Map<String, Attribute> attributes, final List<Subscription> subscriptions) {
        final Profile profile = Profiles.fresh("demo", id, created, List.of(identifier));
        profile.setAttributes(new HashMap<>(attributes));
        profile.setSubscriptions(subscriptions);
        return profile;
    }

    private static Attribute text(final String value, final Instant at) {
        return new Attribute(new StringValue(value), at, "r-" + at.getEpochSecond());
    }

    private static ArrayItem item(final Object id, final String name) {
        final Map<String, Object> fields = new HashMap<>();
        fields.put("id", id);
        fields.put("name", name);
        return new ArrayItem(fields);
    }

    @Test
    void shouldKeepTheNewerWriteOfEachAttribute() {
        // Given
        final Profile survivor = profile("a", T1, EMAIL, Map.of("color", text("red", T1), "plan", text("pro", T3)), List.of());
        final Profile absorbed = profile("b", T2, PHONE, Map.of("color", text("blue", T2), "plan", text("free", T2),
                "city", text("Oslo", T2)), List.of());
        // When
        final Profile merged = ProfileMerger.merge(survivor, absorbed, "m-1", "r9", T3);
        // Then
        assertThat(((StringValue) merged.getAttributes().get("color").getValue()).getValue()).isEqualTo("blue");
        assertThat(((StringValue) merged.getAttributes().get("plan").getValue()).getValue()).isEqualTo("pro");
        assertThat(((StringValue) merged.getAttributes().get("city").getValue()).getValue()).isEqualTo("Oslo");
        assertThat(merged.getCustomerId()).isEqualTo("a");
        assertThat(merged.getIdentifiers()).containsExactly(EMAIL, PHONE);
        assertThat(merged.getMerges()).singleElement().satisfies(merge -> {
            assertThat(merge.getAbsorbedId()).isEqualTo("b");
            assertThat(merge.getRequestId()).isEqualTo("r9");
        });
    }

    @Test
    void shouldUniteArrayItemsByIdKeepingTheSurvivorsFirst() {
        // Given
        final Profile survivor = profile("a", T1, EMAIL, Map.of("orders", new Attribute(
                new ArrayValue(List.of(item(1L, "apple"), item(2L, "pear"))), T1, "r1")), List.of());
        final Profile absorbed = profile("b", T2, PHONE, Map.of("orders", new Attribute(
                new ArrayValue(List.of(item(2L, "plum"), item(3L, "fig"))), T2, "r2")), List.of());
        // When
        final Profile merged = ProfileMerger.merge(survivor, absorbed, "m-1", "r9", T3);
        // Then
        assertThat(((ArrayValue) merged.getAttributes().get("orders").getValue()).getItems())
                .extracting(item -> item.getFields().get("name")).containsExactly("apple", "pear", "fig");
    }

    @Test
    void shouldUniteSubscriptionsPerChannelAndTypeKeepingTheEarlierOne() {
        // Given
        final Profile survivor = profile("a", T1, EMAIL, Map.of(), List.of(
                new Subscription("EMAIL", "MARKETING", "s1", T2, 0, null)));
        final Profile absorbed = profile("b", T2, PHONE, Map.of(), List.of(
                new Subscription("EMAIL", "MARKETING", "s2", T1, 1, T2),
                new Subscription("TEXT", "MARKETING", "s3", T2, 0, null)));
        // When
        final Profile merged = ProfileMerger.merge(survivor, absorbed, "m-1", "r9", T3);
        // Then
        assertThat(merged.getSubscriptions()).hasSize(2);
        assertThat(merged.getSubscriptions().getFirst().getSignUpSourceId()).isEqualTo("s2");
        assertThat(merged.getSubscriptions().getFirst().getRepeatedAttempts()).isEqualTo(1);
        assertThat(merged.getCreatedAt()).isEqualTo(T1);
    }
}
