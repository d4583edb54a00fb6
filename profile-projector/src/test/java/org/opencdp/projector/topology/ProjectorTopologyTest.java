package org.opencdp.projector.topology;

import static org.opencdp.projector.Times.T1;
import static org.opencdp.projector.Times.T2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.opencdp.projector.Commands.deleteCustomer;
import static org.opencdp.projector.Commands.event;
import static org.opencdp.projector.Commands.fields;
import static org.opencdp.projector.Commands.key;
import static org.opencdp.projector.Commands.upsert;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.Profile;
import org.opencdp.avro.StringValue;
import org.opencdp.schemas.values.Limits;
import org.opencdp.schemas.Topics;

class ProjectorTopologyTest {

    private static final Duration DEDUP_WINDOW = Duration.ofHours(24);

    private final FoldedOffsets folded = new FoldedOffsets();

    @RegisterExtension
    final ProjectorDriver projector = ProjectorDriver.perTest("projector-topology-test", registry -> new ProjectorConfig(registry,
            Limits.DEFAULTS, ZoneOffset.UTC, DEDUP_WINDOW, ProjectorConfig.DEFAULT_UNDOABLE_COMMANDS, folded));

    private final TestInputTopic<CustomerKey, CustomerCommand> commands = projector.input(Topics.CUSTOMER_COMMANDS);
    private final TestInputTopic<byte[], byte[]> rawCommands = projector.driver().createInputTopic(Topics.CUSTOMER_COMMANDS.name(), new ByteArraySerializer(), new ByteArraySerializer());
    private final TestOutputTopic<CustomerKey, Profile> profiles = projector.output(Topics.PROFILES);
    private final TestOutputTopic<CustomerKey, EnrichedEvent> events = projector.output(Topics.ENRICHED_EVENTS);
    private final TestOutputTopic<byte[], byte[]> deadLetters = projector.deadLetters(Topics.CUSTOMER_COMMANDS_DLQ);
    private final KeyValueStore<CustomerKey, Profile> store = projector.store(ProjectorTopology.PROFILE_STORE);

    @Test
    void shouldStoreAndPublishTheProfileAnUpsertFolds() {
        // When
        projector.send(upsert("1", "r1", T1, fields("plan", "pro")));
        projector.send(upsert("1", "r2", T2, fields("city", "Oslo")));
        // Then
        final Profile stored = store.get(key("1"));
        assertThat(stored.getRevision()).isEqualTo(2L);
        assertThat(stored.getAttributes().get("plan").getValue()).isEqualTo(new StringValue("pro"));
        assertThat(stored.getAttributes().get("city").getValue()).isEqualTo(new StringValue("Oslo"));
        assertThat(profiles.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.getRevision())
                .containsExactly(tuple(key("1"), 1L), tuple(key("1"), 2L));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldTellHowFarItFoldedEvenACommandThatWritesNoProfile() {
        // Given a read waiting for the third command of partition 0
        final var waiting = folded.await(0, 2, Duration.ofSeconds(30));
        // When an upsert, an event and an unreadable record are folded
        projector.send(upsert("1", "r1", T1, fields("plan", "pro")));
        projector.send(event("1", "r2", T2, "signed_in", Map.of()));
        assertThat(waiting).isNotDone();
        rawCommands.pipeInput(new byte[] {1}, new byte[] {2});
        // Then the fold recorded each offset, and woke the read at the third
        assertThat(folded.reached(0, 2)).isTrue();
        assertThat(waiting).isCompletedWithValue(true);
    }

    @Test
    void shouldPublishATombstoneAndForgetTheProfileOnDelete() {
        // Given
        projector.send(upsert("1", "r1", T1, fields("plan", "pro")));
        profiles.readRecordsToList();
        // When
        projector.send(deleteCustomer("1", "r2", T2));
        // Then
        final TestRecord<CustomerKey, Profile> tombstone = profiles.readRecord();
        assertThat(tombstone.key()).isEqualTo(key("1"));
        assertThat(tombstone.value()).isNull();
        assertThat(store.get(key("1"))).isNull();
        assertThat(profiles.isEmpty()).isTrue();
    }

    @Test
    void shouldEnrichAnEventWithTheProfileSnapshotAndLeaveTheStoreAlone() {
        // Given
        projector.send(upsert("1", "r1", T1, fields("plan", "pro")));
        profiles.readRecordsToList();
        events.readRecordsToList();
        final Profile before = store.get(key("1"));
        // When
        projector.send(event("1", "r2", T2, "signup", fields("coupon", "W10")));
        // Then
        final TestRecord<CustomerKey, EnrichedEvent> enriched = events.readRecord();
        assertThat(enriched.key()).isEqualTo(key("1"));
        assertThat(enriched.value().getEventId()).isEqualTo("r2:0");
        assertThat(enriched.value().getName()).isEqualTo("signup");
        assertThat(enriched.value().getProfile()).isEqualTo(before);
        assertThat(store.get(key("1"))).isEqualTo(before);
        assertThat(profiles.isEmpty()).isTrue();
    }

    @Test
    void shouldSendAPoisonPillToTheDeadLetterTopicAndKeepProcessing() {
        // Given
        final byte[] keyBytes = Topics.CUSTOMER_COMMANDS.keySerde(projector.registry()).serialize(Topics.CUSTOMER_COMMANDS.name(), key("1"));
        final byte[] garbage = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);
        final RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.REQUEST_ID_HEADER, "r0".getBytes(StandardCharsets.UTF_8));
        // When
        rawCommands.pipeInput(new TestRecord<>(keyBytes, garbage, headers, T1));
        projector.send(upsert("1", "r1", T2, fields("plan", "pro")));
        // Then
        final TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(dead.key()).isEqualTo(keyBytes);
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(reason(dead)).startsWith("unreadable: ").contains("Confluent wire format");
        assertThat(dead.headers().lastHeader(Topics.REQUEST_ID_HEADER).value()).isEqualTo("r0".getBytes(StandardCharsets.UTF_8));
        assertThat(store.get(key("1")).getLastRequestId()).isEqualTo("r1");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldSendAnInvalidCommandAsItsOriginalBytesToTheDeadLetterTopic() {
        // Given
        final CustomerCommand invalid = upsert("1", "r1", T1, fields("plan", "x".repeat(1001)));
        final byte[] keyBytes = Topics.CUSTOMER_COMMANDS.keySerde(projector.registry()).serialize(Topics.CUSTOMER_COMMANDS.name(), key("1"));
        final byte[] valueBytes = Topics.CUSTOMER_COMMANDS.valueSerde(projector.registry()).serialize(Topics.CUSTOMER_COMMANDS.name(), invalid);
        // When
        rawCommands.pipeInput(keyBytes, valueBytes, T1);
        // Then
        final TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(dead.value()).isEqualTo(valueBytes);
        assertThat(reason(dead)).isEqualTo("invalid: attributes.plan is longer than 1000 characters");
        assertThat(store.get(key("1"))).isNull();
        assertThat(profiles.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterACommandFiledUnderAnotherCustomersKey() {
        // When
        commands.pipeInput(new CustomerKey("demo", "2"), upsert("1", "r1", T1, fields("plan", "pro")), T1);
        // Then
        assertThat(reason(deadLetters.readRecord())).isEqualTo("invalid: key customer_id '2' differs from the command's '1'");
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void shouldDeadLetterARecordWithoutValue() {
        // When
        commands.pipeInput(key("1"), null, T1);
        // Then
        assertThat(reason(deadLetters.readRecord())).isEqualTo("unreadable: the record has no value");
    }

    @Test
    void shouldNameEveryNodeAndTheStore() {
        // When
        final String description = ProjectorTopology.build(new ProjectorConfig(projector.registry(), Limits.DEFAULTS, ZoneOffset.UTC, DEDUP_WINDOW))
                .describe().toString();
        // Then
        assertThat(description).contains("customer-commands-source", "fold-command", "profile-store",
                "profiles-sink", "enriched-events-sink", "customer-commands-dlq-sink", "catalog-commands-sink",
                "catalog-commands-source", "decide-property", "catalog-decisions", "property-catalog-sink",
                "catalog-commands-dlq-sink", "property-catalog-source", "apply-catalog", "catalog-store",
                "pending-values", "applied-commands");
        assertThat(description).doesNotContainPattern("KSTREAM-|KTABLE-");
    }

    private static String reason(final TestRecord<byte[], byte[]> record) {
        final Header header = record.headers().lastHeader(Topics.DEAD_LETTER_REASON_HEADER);
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldEmitCreatedChangedAndDeletedPlatformEvents() {
        // When: a new customer, a rewrite of the same value, a change, a delete
        projector.send(upsert("1", "r1", T1, fields("plan", "free")));
        projector.send(upsert("1", "r2", T2, fields("plan", "free")));
        projector.send(upsert("1", "r3", T2, fields("plan", "pro")));
        projector.send(deleteCustomer("1", "r4", T2));
        // Then
        final java.util.List<EnrichedEvent> emitted = events.readValuesToList();
        assertThat(emitted).extracting(EnrichedEvent::getEventId, EnrichedEvent::getName).containsExactly(
                tuple("r1:0/customer.created", "customer.created"),
                tuple("r1:0/attribute.changed", "attribute.changed"),
                tuple("r3:0/attribute.changed", "attribute.changed"),
                tuple("r4:0/customer.deleted", "customer.deleted"));
        assertThat(emitted.get(2).getChanges()).containsExactly(new org.opencdp.avro.AttributeChange("plan",
                new StringValue("free"), new StringValue("pro"), false, false));
        assertThat(emitted.get(3).getProfile().getAttributes()).isEmpty();
    }
}
