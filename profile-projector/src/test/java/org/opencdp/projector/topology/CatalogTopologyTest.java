package org.opencdp.projector.topology;

import static org.opencdp.projector.Times.T1;
import static org.opencdp.projector.Times.T2;
import static org.opencdp.projector.Times.T3;
import static org.opencdp.projector.Times.T4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.projector.Commands.WORKSPACE;
import static org.opencdp.projector.Commands.deleteCustomer;
import static org.opencdp.projector.Commands.event;
import static org.opencdp.projector.Commands.fields;
import static org.opencdp.projector.Commands.item;
import static org.opencdp.projector.Commands.key;
import static org.opencdp.projector.Commands.upsert;
import static org.opencdp.projector.Commands.upsertArrayItems;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.ArrayValue;
import org.opencdp.avro.AttributeRejection;
import org.opencdp.avro.CatalogCommand;
import org.opencdp.avro.CatalogSweep;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.DefineProperty;
import org.opencdp.avro.DeleteProperty;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.EnumValue;
import org.opencdp.avro.IntegerValue;
import org.opencdp.avro.NumberValue;
import org.opencdp.avro.PendingValue;
import org.opencdp.avro.Profile;
import org.opencdp.avro.PropertyDefinitionEntry;
import org.opencdp.avro.PropertyKey;
import org.opencdp.avro.StringValue;
import org.opencdp.avro.UpsertAttributes;
import org.opencdp.platform.access.DeletedWorkspaces;
import org.opencdp.projector.Commands;
import org.opencdp.projector.attribute.TimeZones;
import org.opencdp.projector.customer.ProfileChanges;
import org.opencdp.projector.history.HistoryContext;
import org.opencdp.projector.history.HistorySource;
import org.opencdp.schemas.Topics;

/** The workspace catalog in the topology: decided once, applied in every partition, settling and erasing values. */
class CatalogTopologyTest {

    @RegisterExtension
    final ProjectorDriver projector = ProjectorDriver.perTest("catalog-topology-test");

    private final TestInputTopic<PropertyKey, CatalogCommand> catalogCommands = projector.input(Topics.CATALOG_COMMANDS);
    private final TestInputTopic<PropertyKey, PropertyDefinitionEntry> catalogIn = projector.input(Topics.PROPERTY_CATALOG);
    private final TestOutputTopic<PropertyKey, PropertyDefinitionEntry> catalogOut = projector.output(Topics.PROPERTY_CATALOG);
    private final TestOutputTopic<CustomerKey, Profile> profiles = projector.output(Topics.PROFILES);
    private final TestOutputTopic<CustomerKey, EnrichedEvent> events = projector.output(Topics.ENRICHED_EVENTS);
    private final TestOutputTopic<byte[], byte[]> catalogDeadLetters = projector.deadLetters(Topics.CATALOG_COMMANDS_DLQ);
    private final KeyValueStore<CustomerKey, Profile> store = projector.store(ProjectorTopology.PROFILE_STORE);
    private final KeyValueStore<String, PropertyDefinitionEntry> catalog = projector.store(ProjectorTopology.CATALOG_STORE);
    private final KeyValueStore<String, PendingValue> pending = projector.store(ProjectorTopology.PENDING_VALUES_STORE);
    private final KeyValueStore<String, CatalogSweep> sweeps = projector.store(ProjectorTopology.CATALOG_SWEEPS_STORE);

    private void admin(final String name, final Object command, final Instant at) {
        catalogCommands.pipeInput(new PropertyKey(WORKSPACE, name), new CatalogCommand("admin-" + at + ":0", WORKSPACE,
                name, "admin-" + at, at, "PUT /properties/{name}", ApiFamily.UPSTREAM, command), at);
    }

    /** One round of the catalog sweeps ({@link CatalogSweeps}: a wall-clock punctuation). */
    private void sweepRound() {
        projector.driver().advanceWallClockTime(CatalogSweeps.INTERVAL);
    }

    private PropertyDefinitionEntry definition(final String name) {
        return catalog.get(StoreKeys.property(WORKSPACE, name));
    }

    private Object value(final String customerId, final String name) {
        final var attribute = store.get(key(customerId)).getAttributes().get(name);
        return attribute == null ? null : attribute.getValue();
    }

    private static CustomerCommand retently(final String customerId, final String requestId, final Instant at,
                                            final Map<String, Object> attributes) {
        return Commands.command(customerId, requestId, at, ApiFamily.RETENTLY,
                new UpsertAttributes(new HashMap<>(attributes), new HashMap<>()));
    }

    /**
     * Simulates the race on one partition: customer {@code customerId}'s first write of {@code name} is folded
     * while this partition has not yet received the definition another partition's first write decided.
     */
    private void foldBeforeTheDefinitionArrives(final String name, final CustomerCommand command) {
        final PropertyDefinitionEntry decided = definition(name);
        catalog.delete(StoreKeys.property(WORKSPACE, name));
        projector.catalogChangedBehindTheProcessors();
        projector.send(command);
        catalogIn.pipeInput(new PropertyKey(WORKSPACE, name), decided, T4);
    }

    @Test
    void shouldCreateAPropertyFromItsFirstWriteAndPublishTheDefinition() {
        // When
        projector.send(upsert("1", "r1", T1, fields("orders_count", 3L)));
        // Then
        final PropertyDefinitionEntry entry = definition("orders_count");
        assertThat(entry.getType()).isEqualTo("integer");
        assertThat(entry.getCreatedAt()).isEqualTo(T1);
        assertThat(entry.getCreatedByRoute()).isEqualTo("POST /customers");
        assertThat(entry.getCreatedByRequestId()).isEqualTo("r1");
        assertThat(catalogOut.readKeyValuesToList()).extracting(kv -> kv.key)
                .containsExactly(new PropertyKey(WORKSPACE, "orders_count"));
        assertThat(pending.approximateNumEntries()).isZero();
    }

    @Test
    void shouldCoerceEveryLaterWriteFromAnyRouteToTheFirstType() {
        // Given: a Retainly integer
        projector.send(upsert("1", "r1", T1, fields("seats", 3L)));
        // When: Retently writes "12" (it would infer string for a new property) and "many"
        projector.send(retently("2", "r2", T2, fields("seats", "12")));
        projector.send(retently("3", "r3", T3, fields("seats", "many")));
        // Then
        assertThat(value("2", "seats")).isEqualTo(new IntegerValue(12L));
        assertThat(value("3", "seats")).isNull();
        assertThat(store.get(key("3")).getRejections()).containsExactly(
                new AttributeRejection("seats", "many", "integer: not an integer", "r3", T3));
    }

    @Test
    void shouldSettleARacingFirstWriteToTheWinningTypeWhenItCanBeCoerced() {
        // Given: customer 1's Retently write decided "tier" as a string
        projector.send(retently("1", "r1", T1, fields("tier", "gold")));
        // When: customer 2's Retainly 42 (an integer) was folded on another partition before the definition arrived
        foldBeforeTheDefinitionArrives("tier", upsert("2", "r2", T2, fields("tier", 42L)));
        // Then: one definition, and customer 2 holds 42 as the winning type
        assertThat(definition("tier").getType()).isEqualTo("string");
        assertThat(value("1", "tier")).isEqualTo(new StringValue("gold"));
        assertThat(value("2", "tier")).isEqualTo(new StringValue("42"));
        assertThat(store.get(key("2")).getAttributes().get("tier").getRequestId()).isEqualTo("r2");
        assertThat(pending.approximateNumEntries()).isZero();
    }

    @Test
    void shouldRejectARacingFirstWriteThatTheWinningTypeCannotHold() {
        // Given: customer 1's Retainly 42 decided "tier" as an integer
        projector.send(upsert("1", "r1", T1, fields("tier", 42L)));
        // When: customer 2's Retently "gold" was folded before the definition arrived
        foldBeforeTheDefinitionArrives("tier", retently("2", "r2", T2, fields("tier", "gold", "plan", "pro")));
        // Then: not stored, rejected with the request id; the rest of the request stays applied
        assertThat(definition("tier").getType()).isEqualTo("integer");
        assertThat(value("2", "tier")).isNull();
        assertThat(value("2", "plan")).isEqualTo(new StringValue("pro"));
        assertThat(store.get(key("2")).getRejections()).containsExactly(
                new AttributeRejection("tier", "gold", "integer: not an integer", "r2", T2));
        assertThat(profiles.readValuesToList()).last().satisfies(profile ->
                assertThat(profile.getAttributes()).doesNotContainKey("tier"));
    }

    @Test
    void shouldCountEachRejectionTheFoldRecordsByItsCause() {
        // Given the application's registry, and "seats" decided as an integer
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Metrics.globalRegistry.add(meters);
        try {
            projector.send(upsert("1", "r1", T1, fields("seats", 3L)));
            // When a write's value cannot be coerced to it, and a racing first write's cannot be settled to it
            projector.send(retently("2", "r2", T2, fields("seats", "many")));
            foldBeforeTheDefinitionArrives("seats", retently("3", "r3", T3, fields("seats", "few")));

            // Then one rejection of each cause is counted, as each profile records one
            assertThat(store.get(key("2")).getRejections()).hasSize(1);
            assertThat(store.get(key("3")).getRejections()).hasSize(1);
            assertThat(meters.get(RejectionCounter.NAME).tag("cause", RejectionCounter.WRITE).counter().count())
                    .isEqualTo(1.0);
            assertThat(meters.get(RejectionCounter.NAME).tag("cause", RejectionCounter.DECIDED).counter().count())
                    .isEqualTo(1.0);
        } finally {
            Metrics.globalRegistry.remove(meters);
        }
    }

    @Test
    void shouldKeepTheFirstDefinitionWhenALaterProposalArrives() {
        // Given
        projector.send(upsert("1", "r1", T1, fields("tier", 42L)));
        catalogOut.readKeyValuesToList();
        // When: a late proposal of another type (from a partition that raced)
        foldBeforeTheDefinitionArrives("tier", retently("2", "r2", T2, fields("tier", "gold")));
        // Then: the decider published nothing new; only the re-delivered definition was applied
        assertThat(catalogOut.isEmpty()).isTrue();
        assertThat(definition("tier").getVersion()).isEqualTo(1L);
    }

    @Test
    void shouldConformStoredValuesWhenAnAdministratorChangesTheType() {
        // Given
        projector.send(retently("1", "r1", T1, fields("tier", "42")));
        projector.send(retently("2", "r2", T2, fields("tier", "gold")));
        // When: the change, and the sweep's next round
        admin("tier", new DefineProperty("integer", List.of()), T3);
        sweepRound();
        // Then
        assertThat(definition("tier").getType()).isEqualTo("integer");
        assertThat(definition("tier").getVersion()).isEqualTo(2L);
        assertThat(definition("tier").getCreatedAt()).isEqualTo(T1);
        assertThat(value("1", "tier")).isEqualTo(new IntegerValue(42L));
        assertThat(value("2", "tier")).isNull();
        assertThat(store.get(key("2")).getRejections()).extracting(AttributeRejection::getProperty, AttributeRejection::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("tier", "gold"));
    }

    @Test
    void shouldTypeAWriteByTheDefinitionAnAdministratorChangedAfterTheFoldReadTheOldOne() {
        // Given a property the fold typed as string (and so read as string) on a write
        projector.send(upsert("1", "r1", T1, fields("tier", "gold")));
        assertThat(definition("tier").getType()).isEqualTo("string");
        // When an administrator makes it an integer, and another customer writes it
        admin("tier", new DefineProperty("integer", List.of()), T2);
        projector.send(retently("2", "r3", T3, fields("tier", "43")));
        // Then that write is typed by the new definition, not by the one the fold read before
        assertThat(value("2", "tier")).isEqualTo(new IntegerValue(43L));
    }

    @Test
    void shouldAcceptOnlyDefinedValuesOfAnEnumProperty() {
        // Given
        admin("plan", new DefineProperty("enum", List.of("free", "pro")), T1);
        // When
        projector.send(upsert("1", "r2", T2, fields("plan", "pro")));
        projector.send(upsert("2", "r3", T3, fields("plan", "Pro")));
        // Then
        assertThat(value("1", "plan")).isEqualTo(new EnumValue("pro"));
        assertThat(value("2", "plan")).isNull();
        assertThat(store.get(key("2")).getRejections()).extracting(AttributeRejection::getReason)
                .containsExactly("enum: not one of the defined values [free, pro]");
    }

    @Test
    void shouldRemoveADeletedPropertyFromEveryProfileAndKeepOthers() {
        // Given
        projector.send(upsert("1", "r1", T1, fields("tier", "gold", "plan", "pro")));
        projector.send(upsert("2", "r2", T2, fields("tier", "silver")));
        // When: the deletion, and the sweep's next round
        admin("tier", new DeleteProperty(), T3);
        sweepRound();
        // Then
        assertThat(definition("tier")).isNull();
        assertThat(store.get(key("1")).getAttributes()).containsOnlyKeys("plan");
        assertThat(store.get(key("2")).getAttributes()).isEmpty();
        // And a later write creates it afresh, with the type it infers
        projector.send(upsert("2", "r4", T4, fields("tier", 7L)));
        assertThat(definition("tier").getType()).isEqualTo("integer");
        assertThat(value("2", "tier")).isEqualTo(new IntegerValue(7L));
    }

    @Test
    void shouldLeaveStoredValuesAsTheyAreUntilTheSweepsRoundAndKeepAValueWrittenAfterTheDeletion() {
        // Given
        projector.send(upsert("1", "r1", T1, fields("tier", "gold")));
        projector.send(upsert("2", "r2", T2, fields("tier", "silver")));
        // When: the deletion is applied, but no round has run yet
        admin("tier", new DeleteProperty(), T3);
        // Then: the catalog has it no more, the stored values wait for the sweep
        assertThat(definition("tier")).isNull();
        assertThat(value("1", "tier")).isEqualTo(new StringValue("gold"));
        // When: customer 2 writes the property again after the deletion, then the round runs
        projector.send(upsert("2", "r4", T4, fields("tier", 7L)));
        sweepRound();
        // Then: the value stamped before the deletion is gone, the one written after it stays
        assertThat(store.get(key("1")).getAttributes()).doesNotContainKey("tier");
        assertThat(value("2", "tier")).isEqualTo(new IntegerValue(7L));
        assertThat(sweeps.get(StoreKeys.property(WORKSPACE, "tier"))).isNull();
    }

    @Test
    void shouldConvertToTheLatestTypeWhenTwoChangesOfOnePropertyComeBeforeTheSweep() {
        // Given
        projector.send(retently("1", "r1", T1, fields("tier", "42")));
        // When: string → integer, then integer → number, before any round
        admin("tier", new DefineProperty("integer", List.of()), T2);
        admin("tier", new DefineProperty("number", List.of()), T3);
        sweepRound();
        // Then: the value has the catalog's type as it is now, and one sweep was kept for both changes
        assertThat(definition("tier").getType()).isEqualTo("number");
        assertThat(value("1", "tier")).isInstanceOf(NumberValue.class);
        assertThat(sweeps.get(StoreKeys.property(WORKSPACE, "tier"))).isNull();
    }

    @Test
    void shouldApplyADeletionAFewProfilesARoundAndOnlyToItsWorkspace() {
        // Given five profiles with the property, one of them in another workspace, and a sweep of two profiles a round
        for (int i = 1; i <= 4; i++) {
            projector.send(upsert(Integer.toString(i), "r" + i, T1, fields("tier", "gold")));
        }
        final CustomerKey other = new CustomerKey("other", "9");
        store.put(other, Profile.newBuilder(store.get(key("1"))).setWorkspaceId("other").setCustomerId("9").build());
        final List<CustomerKey> written = new ArrayList<>();
        final CatalogSweeps sweep = new CatalogSweeps(sweeps, store, catalog,
                new ProfileChanges(TimeZones.fixed(ZoneOffset.UTC)),
                DeletedWorkspaces.NONE, 2, Duration.ofMinutes(1));
        final HistoryContext cause = new HistoryContext(T3, "admin", HistorySource.catalog("DELETE /properties/{name}"));
        sweep.removeBefore(WORKSPACE, "tier", T3, cause);

        // When: three rounds
        final List<Integer> perRound = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            final int before = written.size();
            sweep.round((customer, profile, why) -> {
                written.add(customer);
                store.put(customer, profile);
            });
            perRound.add(written.size() - before);
        }

        // Then: at most two profiles were read a round (five profiles: two rounds and a half), each of the
        // workspace changed once, the other workspace's left alone, and the sweep is done
        assertThat(written).containsExactlyInAnyOrder(key("1"), key("2"), key("3"), key("4"));
        assertThat(perRound).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
        assertThat(store.get(other).getAttributes()).containsKey("tier");
        assertThat(sweeps.get(StoreKeys.property(WORKSPACE, "tier"))).isNull();
    }

    @Test
    void shouldFinishASweepCutShortByARestartChangingEachProfileOnce() {
        // Given a type change whose sweep of two profiles a round has done one round when the task restarts
        for (int i = 1; i <= 4; i++) {
            projector.send(retently(Integer.toString(i), "r" + i, T1, fields("tier", Integer.toString(i))));
        }
        catalog.put(StoreKeys.property(WORKSPACE, "tier"), PropertyDefinitionEntry.newBuilder(definition("tier"))
                .setType("integer").build());
        final HistoryContext cause = new HistoryContext(T3, "admin", HistorySource.catalog("PUT /properties/{name}"));
        final List<CustomerKey> written = new ArrayList<>();
        final CatalogSweeps.Writer writer = (customer, profile, why) -> {
            written.add(customer);
            store.put(customer, profile);
        };
        sweepsOfTwo().conform(WORKSPACE, "tier", cause);
        sweepsOfTwo().round(writer);

        // When: the restarted task (its pass forgotten, its store kept) takes its rounds
        final CatalogSweeps restarted = sweepsOfTwo();
        for (int round = 0; round < 3; round++) {
            restarted.round(writer);
        }

        // Then: every value has the new type, each profile was changed once, and the sweep is done
        for (int i = 1; i <= 4; i++) {
            assertThat(value(Integer.toString(i), "tier")).isEqualTo(new IntegerValue((long) i));
        }
        assertThat(written).containsExactlyInAnyOrder(key("1"), key("2"), key("3"), key("4"));
        assertThat(sweeps.get(StoreKeys.property(WORKSPACE, "tier"))).isNull();
    }

    /** The task's sweeps read directly, two profiles a round. */
    private CatalogSweeps sweepsOfTwo() {
        return new CatalogSweeps(sweeps, store, catalog, new ProfileChanges(TimeZones.fixed(ZoneOffset.UTC)),
                DeletedWorkspaces.NONE, 2, Duration.ofMinutes(1));
    }

    @Test
    void shouldSendAnInvalidCatalogCommandToItsDeadLetterTopic() {
        // When: an enum without values
        admin("plan", new DefineProperty("enum", List.of()), T1);
        // Then
        final TestRecord<byte[], byte[]> dead = catalogDeadLetters.readRecord();
        assertThat(new String(dead.headers().lastHeader(Topics.DEAD_LETTER_REASON_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo("invalid: an enum needs 1 to 1000 values");
        assertThat(definition("plan")).isNull();
    }

    @Test
    void shouldApplyARetriedCommandWithTheSameIdempotencyKeyOnce() {
        // Given: an array append and an event, each sent twice with one idempotency key
        final CustomerCommand append = withKey(upsertArrayItems("1", "r1", T1, "cart", item("sku", "a")), "k1");
        final CustomerCommand track = withKey(event("1", "r2", T2, "signup", Map.of()), "k2");
        // When
        projector.send(append);
        projector.send(track);
        projector.send(CustomerCommand.newBuilder(append).setTimestamp(T3).build());
        projector.send(CustomerCommand.newBuilder(track).setTimestamp(T3).build());
        // Then
        assertThat(value("1", "cart")).isEqualTo(new ArrayValue(List.of(item("sku", "a"))));
        assertThat(store.get(key("1")).getRevision()).isEqualTo(1L);
        assertThat(events.readValuesToList()).filteredOn(e -> e.getName().equals("signup")).hasSize(1);
    }

    @Test
    void shouldApplyTheSameCommandAgainWithoutAnIdempotencyKey() {
        // Given
        final CustomerCommand append = upsertArrayItems("1", "r1", T1, "cart", item("sku", "a"));
        // When
        projector.send(append);
        projector.send(CustomerCommand.newBuilder(append).setTimestamp(T2).build());
        // Then
        assertThat(value("1", "cart")).isEqualTo(new ArrayValue(List.of(item("sku", "a"), item("sku", "a"))));
    }

    @Test
    void shouldApplyARetryAgainOnceTheDedupWindowHasPassed() {
        // Given
        final CustomerCommand append = withKey(upsertArrayItems("1", "r1", T1, "cart", item("sku", "a")), "k1");
        projector.send(append);
        // When: the same command 25 hours later
        projector.send(CustomerCommand.newBuilder(append).setTimestamp(T1.plus(Duration.ofHours(25))).build());
        // Then
        assertThat(value("1", "cart")).isEqualTo(new ArrayValue(List.of(item("sku", "a"), item("sku", "a"))));
    }

    @Test
    void shouldEraseADeletedCustomerFromStoreTopicAndLaterEventContexts() {
        // Given
        projector.send(upsert("1", "r1", T1, fields("plan", "pro")));
        // When
        projector.send(deleteCustomer("1", "r2", T2));
        projector.send(event("1", "r3", T3, "signup", Map.of()));
        // Then
        assertThat(store.get(key("1"))).isNull();
        assertThat(profiles.readKeyValuesToList()).last().satisfies(kv -> assertThat(kv.value).isNull());
        assertThat(events.readValuesToList()).filteredOn(e -> e.getName().equals("signup")).singleElement()
                .satisfies(e -> assertThat(e.getProfile().getAttributes()).isEmpty());
    }

    private static CustomerCommand withKey(final CustomerCommand command, final String idempotencyKey) {
        return CustomerCommand.newBuilder(command).setIdempotencyKey(idempotencyKey).build();
    }
}
