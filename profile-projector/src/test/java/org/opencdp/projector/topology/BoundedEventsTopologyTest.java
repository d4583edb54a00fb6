package org.opencdp.projector.topology;

import static org.opencdp.projector.Times.T1;
import static org.opencdp.projector.Times.T2;
import static org.opencdp.projector.Times.T3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.projector.Commands.fields;
import static org.opencdp.projector.Commands.key;
import static org.opencdp.projector.Commands.upsert;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencdp.avro.AttributeChange;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.Profile;
import org.opencdp.avro.StringValue;

import org.opencdp.projector.customer.PlatformEvents;
import org.opencdp.schemas.values.Limits;
import org.opencdp.projector.customer.ProfileBound;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.RecordSize;

/**
 * Issue 12, "Bounded records": a customer write inside every ingest limit and the profile bound is folded and
 * its attribute.changed event stays within the bound (values a condition cannot use omitted), never refused.
 */
class BoundedEventsTopologyTest {

    @RegisterExtension
    final ProjectorDriver projector = ProjectorDriver.perTestAsDeployed("bounded-events-topology-test",
            registry -> new ProjectorConfig(registry, Limits.DEFAULTS, ZoneOffset.UTC, Duration.ofHours(24),
                    ProjectorConfig.DEFAULT_UNDOABLE_COMMANDS, new FoldedOffsets(), ProfileBound.DEFAULT));

    private final TestOutputTopic<CustomerKey, EnrichedEvent> events = projector.output(Topics.ENRICHED_EVENTS);
    private final TestOutputTopic<byte[], byte[]> deadLetters = projector.deadLetters(Topics.CUSTOMER_COMMANDS_DLQ);
    private final KeyValueStore<CustomerKey, Profile> profiles = projector.store(ProjectorTopology.PROFILE_STORE);

    /** {@code fields} properties of 1,000 {@code character}s: the ingest limits on a string and on fields per customer allow it. */
    private static Map<String, Object> texts(final int fields, final String character) {
        final Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < fields; i++) {
            values.put("f" + i, character.repeat(Topics.MAX_CONDITION_VALUE_LENGTH));
        }
        return values;
    }

    private EnrichedEvent attributeChanged() {
        final List<EnrichedEvent> emitted = events.readValuesToList();
        assertThat(emitted).extracting(EnrichedEvent::getName).contains(PlatformEvents.ATTRIBUTE_CHANGED);
        return emitted.stream().filter(e -> e.getName().equals(PlatformEvents.ATTRIBUTE_CHANGED)).findFirst()
                .orElseThrow();
    }

    @Test
    void shouldFoldACustomerOf480FieldsOf1000CharactersAndEmitABoundedAttributeChanged() {
        // When a customer of 480 fields of 1,000 ASCII characters is written, then an ordinary write follows
        projector.send(upsert("big", "r-big", T1, texts(480, "a")));
        final EnrichedEvent changed = attributeChanged();
        projector.send(upsert("big", "r-next", T2, fields("plan", "pro")));

        // Then nothing is dead-lettered and the whole write is on the profile
        assertThat(deadLetters.isEmpty()).isTrue();
        final Profile profile = profiles.get(key("big"));
        assertThat(profile.getAttributes().get("f479").getValue()).isEqualTo(new StringValue("a".repeat(1000)));
        assertThat(profile.getRejections()).isEmpty();
        // And its attribute.changed names every property within the bound, values it cannot carry marked omitted
        assertThat(RecordSize.of(changed)).isLessThanOrEqualTo(ProfileBound.DEFAULT.maxCarrierBytes());
        assertThat(changed.getChanges()).hasSize(480);
        assertThat(changed.getChanges()).filteredOn(AttributeChange::getNewValueOmitted).isNotEmpty()
                .allSatisfy(change -> assertThat(change.getNewValue()).isNull());
        assertThat(changed.getProfile().getAttributes()).hasSize(480);
        // And the next write is folded
        assertThat(profile.getAttributes().get("plan").getValue()).isEqualTo(new StringValue("pro"));
    }

    @Test
    void shouldFoldACustomerOf240FieldsOf1000MultiByteCharactersRewrittenWholeAndNeverRefuseIt() {
        // Given a customer of 240 fields of 1,000 "é" (about 480 KB once encoded: inside the 512 KiB bound)
        projector.send(upsert("big", "r-first", T1, texts(240, "é")));
        events.readValuesToList();
        // When a write replaces every value by 1,000 "ü" (its event would carry about 1.4 MB of old and new values)
        projector.send(upsert("big", "r-rewrite", T2, texts(240, "ü")));
        final EnrichedEvent changed = attributeChanged();
        projector.send(upsert("big", "r-next", T3, fields("plan", "pro")));

        // Then nothing is dead-lettered or rejected, and the rewrite is stored
        assertThat(deadLetters.isEmpty()).isTrue();
        final Profile profile = profiles.get(key("big"));
        assertThat(profile.getRejections()).isEmpty();
        assertThat(profile.getAttributes().get("f0").getValue()).isEqualTo(new StringValue("ü".repeat(1000)));
        // And its event is within the bound: every new value omitted (the profile holds them), some old ones too
        assertThat(RecordSize.of(changed)).isLessThanOrEqualTo(ProfileBound.DEFAULT.maxCarrierBytes());
        assertThat(changed.getChanges()).hasSize(240)
                .allSatisfy(change -> assertThat(change.getNewValueOmitted()).isTrue());
        assertThat(changed.getChanges()).filteredOn(AttributeChange::getOldValueOmitted).isNotEmpty();
        // And the next write is folded
        assertThat(profile.getAttributes().get("plan").getValue()).isEqualTo(new StringValue("pro"));
    }
}
