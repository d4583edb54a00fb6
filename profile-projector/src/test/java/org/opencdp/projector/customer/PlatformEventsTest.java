package org.opencdp.projector.customer;

import static org.opencdp.projector.Times.T1;
import static org.opencdp.projector.Times.T2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.projector.Commands.fields;
import static org.opencdp.projector.Commands.upsert;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.AttributeChange;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.IntegerValue;
import org.opencdp.avro.Profile;
import org.opencdp.avro.StringValue;

class PlatformEventsTest {

    private static Profile profile(final Map<String, Object> values, final Instant at, final String requestId) {
        final Map<String, Attribute> attributes = new HashMap<>();
        values.forEach((name, value) -> attributes.put(name, new Attribute(value, at, requestId)));
        return new Profile("demo", "1", attributes, T1, at, requestId, 1L, List.of(), List.of(), List.of(), List.of(), null, null, null);
    }

    @Test
    void shouldReportSetChangedAndClearedPropertiesButNotARewriteOfTheSameValue() {
        // Given
        final Profile before = profile(Map.of("plan", new StringValue("free"), "seats", new IntegerValue(3L),
                "city", new StringValue("Oslo")), T1, "r1");
        // When: plan changes, seats is rewritten the same (by another request), city cleared, tier set
        final Profile after = profile(Map.of("plan", new StringValue("pro"), "seats", new IntegerValue(3L),
                "tier", new StringValue("gold")), T2, "r2");
        // Then
        final List<EnrichedEvent> events = PlatformEvents.upserted(upsert("1", "r2", T2, fields()), Optional.of(before), after);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getName()).isEqualTo(PlatformEvents.ATTRIBUTE_CHANGED);
            assertThat(event.getEventId()).isEqualTo("r2:0/attribute.changed");
            assertThat(event.getChanges()).containsExactly(
                    new AttributeChange("city", new StringValue("Oslo"), null, false, false),
                    new AttributeChange("plan", new StringValue("free"), new StringValue("pro"), false, false),
                    new AttributeChange("tier", null, new StringValue("gold"), false, false));
            assertThat(event.getProfile()).isEqualTo(after);
        });
    }

    @Test
    void shouldEmitNothingWhenACommandChangesNoValue() {
        final Profile before = profile(Map.of("plan", new StringValue("free")), T1, "r1");
        final Profile after = profile(Map.of("plan", new StringValue("free")), T2, "r2");
        assertThat(PlatformEvents.upserted(upsert("1", "r2", T2, fields()), Optional.of(before), after)).isEmpty();
    }

    @Test
    void shouldEmitCreatedForANewCustomerEvenWithoutValues() {
        final Profile after = profile(Map.of(), T1, "r1");
        assertThat(PlatformEvents.upserted(upsert("1", "r1", T1, fields()), Optional.empty(), after))
                .extracting(EnrichedEvent::getName).containsExactly(PlatformEvents.CREATED);
    }

    @Test
    void shouldCarryAnEmptySnapshotOnDelete() {
        final EnrichedEvent deleted = PlatformEvents.deleted(org.opencdp.projector.Commands.deleteCustomer("1", "r9", T2));
        assertThat(deleted.getName()).isEqualTo(PlatformEvents.DELETED);
        assertThat(deleted.getProfile().getAttributes()).isEmpty();
        assertThat(deleted.getEventId()).isEqualTo("r9:0/customer.deleted");
    }
}
