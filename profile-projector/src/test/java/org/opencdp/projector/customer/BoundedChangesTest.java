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
import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.ArrayValue;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.AttributeChange;
import org.opencdp.avro.CollectionValue;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.IntegerValue;
import org.opencdp.avro.Profile;
import org.opencdp.avro.StringValue;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.RecordSize;

/**
 * Issue 12, "Bounded records": an attribute.changed event carries what a workflow condition can use, not copies
 * of every value (docs/workflows.md, "attribute.changed"), and the bound degrades an event, never refuses it.
 */
class BoundedChangesTest {

    private static final int LONGEST = Topics.MAX_CONDITION_VALUE_LENGTH;

    private static Profile profile(final Map<String, Object> values, final Instant at, final String requestId) {
        final Map<String, Attribute> attributes = new HashMap<>();
        values.forEach((name, value) -> attributes.put(name, new Attribute(value, at, requestId)));
        return new Profile("demo", "1", attributes, T1, at, requestId, 1L, List.of(), List.of(), List.of(), List.of(), null, null, null);
    }

    private static Map<String, Object> texts(final int fields, final String character) {
        final Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < fields; i++) {
            values.put("f" + i, new StringValue(character.repeat(LONGEST)));
        }
        return values;
    }

    @Test
    void shouldKeepValuesAConditionCanNameAndFlagTheOthersOmitted() {
        // Given a profile with a text at the condition limit (multi-byte), a longer one, a number, a list and an array
        final Profile before = profile(Map.of("at_limit", new StringValue("é".repeat(LONGEST)),
                "past_limit", new StringValue("a".repeat(LONGEST + 1)), "seats", new IntegerValue(3L),
                "tags", new CollectionValue(List.of("a")),
                "orders", new ArrayValue(List.of(new ArrayItem(new HashMap<>(Map.of("id", "o1")))))), T1, "r1");
        // When a command changes each of them
        final Profile after = profile(Map.of("at_limit", new StringValue("ü".repeat(LONGEST)),
                "past_limit", new StringValue("short"), "seats", new IntegerValue(4L),
                "tags", new CollectionValue(List.of("b")), "orders", new StringValue("a".repeat(LONGEST + 1))), T2, "r2");
        final List<AttributeChange> changes = PlatformEvents.changes(before.getAttributes(), after.getAttributes());
        // Then a value is carried when a condition could name it, and otherwise null and flagged omitted
        assertThat(changes).containsExactly(
                new AttributeChange("at_limit", new StringValue("é".repeat(LONGEST)),
                        new StringValue("ü".repeat(LONGEST)), false, false),
                new AttributeChange("orders", null, null, true, true),
                new AttributeChange("past_limit", null, new StringValue("short"), true, false),
                new AttributeChange("seats", new IntegerValue(3L), new IntegerValue(4L), false, false),
                new AttributeChange("tags", null, null, true, true));
    }

    @Test
    void shouldFitTheEventOfACustomerOf480FieldsOf1000CharactersWithinTheBoundAndKeepItsProfile() {
        // Given a new customer of 480 fields of 1,000 characters (inside the profile bound and every ingest limit)
        final Profile after = profile(texts(480, "a"), T2, "r1");
        assertThat(RecordSize.of(after)).isLessThanOrEqualTo(ProfileBound.DEFAULT.maxProfileBytes());
        final List<EnrichedEvent> events = PlatformEvents.upserted(upsert("1", "r1", T2, fields()), Optional.empty(), after);
        final EnrichedEvent changed = events.getLast();
        // (each value is at the condition limit, so kept: the event would carry the profile twice)
        assertThat(RecordSize.of(changed)).isGreaterThan(ProfileBound.DEFAULT.maxCarrierBytes());

        // When the bound fits its events
        final List<EnrichedEvent> fitted = events.stream().map(ProfileBound.DEFAULT::fit).toList();

        // Then nothing is refused, the event is within the bound with its whole profile, and every property is
        // still named, its new value omitted (the profile holds it)
        assertThat(ProfileBound.DEFAULT.violation(after, fitted)).isEmpty();
        final EnrichedEvent bounded = fitted.getLast();
        assertThat(bounded.getName()).isEqualTo(PlatformEvents.ATTRIBUTE_CHANGED);
        assertThat(RecordSize.of(bounded)).isLessThanOrEqualTo(ProfileBound.DEFAULT.maxCarrierBytes());
        assertThat(bounded.getProfile()).isEqualTo(after);
        assertThat(bounded.getChanges()).hasSize(480).allSatisfy(change -> {
            assertThat(change.getOldValue()).isNull();
            assertThat(change.getOldValueOmitted()).isFalse();
        });
        assertThat(bounded.getChanges()).filteredOn(AttributeChange::getNewValueOmitted).isNotEmpty()
                .allSatisfy(change -> assertThat(change.getNewValue()).isNull());
        assertThat(fitted.getFirst()).isSameAs(events.getFirst());
    }

    @Test
    void shouldOmitOldValuesToOnlyWhenOmittingNewOnesDoesNotFit() {
        // Given a customer of 240 fields of 1,000 "é" whose every value a command replaces by 1,000 "ü"
        final Map<String, Object> replaced = new HashMap<>();
        texts(240, "é").keySet().forEach(name -> replaced.put(name, new StringValue("ü".repeat(LONGEST))));
        final Profile before = profile(texts(240, "é"), T1, "r1");
        final Profile after = profile(replaced, T2, "r2");
        assertThat(RecordSize.of(after)).isLessThanOrEqualTo(ProfileBound.DEFAULT.maxProfileBytes());

        // When its event is fitted
        final EnrichedEvent bounded = ProfileBound.DEFAULT.fit(PlatformEvents.upserted(upsert("1", "r2", T2, fields()),
                Optional.of(before), after).getFirst());

        // Then it is within the bound, every change still named; every new value is omitted, and some old ones
        assertThat(RecordSize.of(bounded)).isLessThanOrEqualTo(ProfileBound.DEFAULT.maxCarrierBytes());
        assertThat(bounded.getChanges()).hasSize(240)
                .allSatisfy(change -> assertThat(change.getNewValueOmitted()).isTrue());
        assertThat(bounded.getChanges()).filteredOn(AttributeChange::getOldValueOmitted).isNotEmpty()
                .allSatisfy(change -> assertThat(change.getOldValue()).isNull());
        assertThat(bounded.getChanges()).filteredOn(change -> !change.getOldValueOmitted()).isNotEmpty()
                .allSatisfy(change -> assertThat(change.getOldValue()).isEqualTo(new StringValue("é".repeat(LONGEST))));
    }

    @Test
    void shouldLeaveAnEventWithinTheBoundAsItIs() {
        // Given a small change
        final Profile before = profile(Map.of("plan", new StringValue("free")), T1, "r1");
        final Profile after = profile(Map.of("plan", new StringValue("pro")), T2, "r2");
        final EnrichedEvent event = PlatformEvents.upserted(upsert("1", "r2", T2, fields()), Optional.of(before), after)
                .getFirst();
        // When / Then
        assertThat(ProfileBound.DEFAULT.fit(event)).isSameAs(event);
    }
}
