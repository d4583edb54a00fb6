package org.opencdp.trigger.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.trigger.Fixtures.attribute;
import static org.opencdp.trigger.Fixtures.profile;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.ArrayValue;
import org.opencdp.avro.BooleanValue;
import org.opencdp.avro.CollectionValue;
import org.opencdp.avro.DateValue;
import org.opencdp.avro.EnumValue;
import org.opencdp.avro.IntegerValue;
import org.opencdp.avro.ItemList;
import org.opencdp.avro.NumberValue;
import org.opencdp.avro.Profile;
import org.opencdp.avro.ScalarList;
import org.opencdp.avro.StringValue;

class RunContextTest {

    @Test
    void shouldRenderEveryAttributeTypeAsARawValue() {
        // Given a profile with one attribute of each type
        final ArrayItem order = new ArrayItem(Map.of("id", "o-1", "total", 12L));
        final Profile profile = profile("demo", "c-1", Map.of(
                "plan", attribute(new StringValue("pro")),
                "age", attribute(new IntegerValue(41L)),
                "score", attribute(new NumberValue("12.50")),
                "visits", attribute(new NumberValue("7")),
                "vip", attribute(new BooleanValue(true)),
                "signed_up", attribute(new DateValue(Instant.parse("2022-02-25T00:00:00Z"))),
                "tags", attribute(new CollectionValue(List.of("a", "b"))),
                "orders", attribute(new ArrayValue(List.of(order))),
                "tier", attribute(new EnumValue("gold"))));

        // When the context is built without event data
        final Map<String, Object> context = RunContext.of(profile, Map.of());

        // Then each value is raw: strings, Long, Double, Boolean, ISO date string, ScalarList, ItemList
        assertThat(context).containsExactlyInAnyOrderEntriesOf(Map.of(
                "plan", "pro",
                "age", 41L,
                "score", 12.5d,
                "visits", 7L,
                "vip", true,
                "signed_up", "2022-02-25T00:00:00Z",
                "tags", new ScalarList(List.of("a", "b")),
                "orders", new ItemList(List.of(order)),
                "tier", "gold"));
    }

    @Test
    void shouldLayTheEventDataOverTheAttributesWithoutChangingTheProfile() {
        // Given a profile with plan=pro and age=41, and event data setting plan and a new field
        final Profile profile = profile("demo", "c-1", Map.of(
                "plan", attribute(new StringValue("pro")), "age", attribute(new IntegerValue(41L))));
        final Profile before = Profile.newBuilder(profile).build();
        final Map<String, Object> data = new HashMap<>();
        data.put("plan", "trial");
        data.put("coupon", null);

        // When the context is built
        final Map<String, Object> context = RunContext.of(profile, data);

        // Then the event's values win, the other attributes stay, and the profile is as it was
        final Map<String, Object> expected = new HashMap<>();
        expected.put("plan", "trial");
        expected.put("age", 41L);
        expected.put("coupon", null);
        assertThat(context).isEqualTo(expected);
        assertThat(profile).isEqualTo(before);
        assertThat(profile.getAttributes().get("plan").getValue()).isEqualTo(new StringValue("pro"));
    }
}
