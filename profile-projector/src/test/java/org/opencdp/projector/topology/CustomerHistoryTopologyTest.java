package org.opencdp.projector.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.projector.Commands.WORKSPACE;
import static org.opencdp.projector.Commands.item;
import static org.opencdp.projector.Times.T1;
import static org.opencdp.projector.Times.T2;
import static org.opencdp.projector.Times.T3;
import static org.opencdp.projector.Times.T4;
import static org.opencdp.projector.Times.T5;
import static org.opencdp.projector.Times.T6;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.UndoMerge;
import org.opencdp.avro.Subscription;
import org.opencdp.avro.Subscribe;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.AttachIdentifiers;
import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.HistoryPosition;
import org.opencdp.avro.HistoryStep;
import org.opencdp.avro.HistoryHead;
import org.opencdp.avro.MergeInto;
import org.opencdp.avro.MergeRecord;
import org.opencdp.avro.IntegerValue;
import org.opencdp.avro.Profile;
import org.opencdp.avro.StringValue;
import org.opencdp.platform.access.DeletedWorkspaces;
import org.opencdp.platform.access.WorkspaceTimeZones;
import org.opencdp.projector.Commands;
import org.opencdp.projector.customer.ProfileBound;
import org.opencdp.projector.identity.IdentifierKinds;
import org.opencdp.projector.history.AsOf;
import org.opencdp.projector.history.HistoryBounds;
import org.opencdp.projector.history.HistoryDiff;
import org.opencdp.projector.history.HistoryEntry;
import org.opencdp.projector.history.HistoryKey;
import org.opencdp.projector.history.HistoryKind;
import org.opencdp.projector.history.HistoryRecords;
import org.opencdp.projector.history.HistorySettings;
import org.opencdp.projector.history.HistorySource;
import org.opencdp.projector.history.ProfileHistory;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.values.Limits;

/**
 * The fold keeps each profile's history beside it (contract section 12, docs/history.md): one entry per change,
 * with the command's time, request id and source, newest first under the customer's prefix; erased with the
 * customer; within the entry limit and the retention, oldest dropped first.
 */
class CustomerHistoryTopologyTest {

    private static final String ANN = "ann";
    /** Where the fold's counters can be read: the global registry counts nothing without a registry in it. */
    private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();

    static {
        Metrics.globalRegistry.add(METERS);
    }

    @RegisterExtension
    final ProjectorDriver projector = ProjectorDriver.perTest("customer-history-topology-test");

    private static ProjectorConfig withHistory(final org.opencdp.schemas.serde.SchemaRegistry registry,
                                               final HistorySettings history) {
        return new ProjectorConfig(registry, Limits.DEFAULTS, ZoneOffset.UTC, Duration.ofHours(24),
                ProjectorConfig.DEFAULT_UNDOABLE_COMMANDS, new FoldedOffsets(), ProfileBound.DEFAULT, 0,
                DeletedWorkspaces.NONE, WorkspaceTimeZones.NONE, history);
    }

    private List<HistoryEntry> history(final ProjectorDriver driver, final String customer) {
        final KeyValueStore<Bytes, HistoryStep> store = driver.store(ProjectorTopology.HISTORY_STORE);
        final List<HistoryStep> steps = new ArrayList<>();
        try (KeyValueIterator<Bytes, HistoryStep> scan = store.prefixScan(HistoryKey.prefix(WORKSPACE, customer),
                new ByteArraySerializer())) {
            scan.forEachRemaining(step -> steps.add(step.value));
        }
        final Profile current = driver.profiles().get(new CustomerKey(WORKSPACE, customer));
        if (current != null && current.getCreationStep() != null) {
            // The creation a profile holds until its next step files it, read as its oldest step
            steps.add(current.getCreationStep());
        }
        return current == null ? steps.stream().flatMap(step -> HistoryRecords.newestFirst(step).stream()).toList()
                : ProfileHistory.entries(current, steps);
    }

    private HistoryHead head(final ProjectorDriver driver, final String customer) {
        final KeyValueStore<String, HistoryHead> heads = driver.store(ProjectorTopology.HISTORY_HEADS_STORE);
        return heads.get(StoreKeys.profile(WORKSPACE, customer));
    }

    private static Object text(final Object value) {
        return value instanceof Attribute attribute && attribute.getValue() instanceof StringValue text ? text.getValue() : value;
    }

    @Test
    void shouldKeepEachAttributeChangeWithOldAndNewValueTimeRequestIdAndSourceNewestFirst() {
        // Given a customer created with a plan, then changed to another
        projector.send(Commands.upsert(ANN, "r1", T1, Map.of("plan", "basic")));
        projector.send(Commands.upsert(ANN, "r2", T2, Map.of("plan", "pro")));
        // When its history is read
        final List<HistoryEntry> entries = history(projector, ANN).stream()
                .filter(entry -> entry.kind() == HistoryKind.ATTRIBUTE).toList();
        // Then the change comes first, then the creation, each with its request, time and route
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).name()).isEqualTo("plan");
        assertThat(text(entries.get(0).oldValue())).isEqualTo("basic");
        assertThat(text(entries.get(0).newValue())).isEqualTo("pro");
        assertThat(entries.get(0).requestId()).isEqualTo("r2");
        assertThat(entries.get(0).at()).isEqualTo(T2);
        assertThat(entries.get(0).source()).isEqualTo(new HistorySource(HistorySource.Kind.ROUTE, "POST /customers"));
        assertThat(entries.get(1).oldValue()).isNull();
        assertThat(text(entries.get(1).newValue())).isEqualTo("basic");
        assertThat(entries.get(1).requestId()).isEqualTo("r1");
    }

    @Test
    void shouldKeepNoEntryForAWriteThatChangesNothing() {
        // Given a plan written twice with the same value
        projector.send(Commands.upsert(ANN, "r1", T1, Map.of("plan", "basic")));
        final int before = history(projector, ANN).size();
        projector.send(Commands.upsert(ANN, "r2", T2, Map.of("plan", "basic")));
        // Then the second write adds nothing
        assertThat(history(projector, ANN)).hasSize(before);
    }

    @Test
    void shouldKeepArrayItemsAddedReplacedAndRemovedByTheirIds() {
        // Given an array field created, then one item replaced and one added, then one removed
        projector.send(Commands.upsertArrayItems(ANN, "r1", T1, "orders", item("id", "o1", "total", 10L)));
        projector.send(Commands.upsertArrayItems(ANN, "r2", T2, "orders", item("id", "o1", "total", 12L),
                item("id", "o2", "total", 5L)));
        projector.send(Commands.deleteArrayItems(ANN, "r3", T3, "orders", "o1"));
        // When the history is read
        final List<HistoryEntry> entries = history(projector, ANN);
        // Then the removal, the addition and the replacement are array_item entries (newest first: within one
        // command the addition was filed after the replacement), the creation an attribute one
        final List<HistoryEntry> items = entries.stream().filter(e -> e.kind() == HistoryKind.ARRAY_ITEM).toList();
        assertThat(items).extracting(HistoryEntry::requestId, HistoryEntry::item)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("r3", "o1"),
                        org.assertj.core.groups.Tuple.tuple("r2", "o2"), org.assertj.core.groups.Tuple.tuple("r2", "o1"));
        assertThat(items.get(0).newValue()).isNull();
        assertThat(((ArrayItem) items.get(0).oldValue()).getFields()).containsEntry("total", 12L);
        assertThat(items.get(1).oldValue()).isNull();
        assertThat(((ArrayItem) items.get(2).oldValue()).getFields()).containsEntry("total", 10L);
        assertThat(((ArrayItem) items.get(2).newValue()).getFields()).containsEntry("total", 12L);
        assertThat(entries.getLast().kind()).isEqualTo(HistoryKind.ATTRIBUTE);
        assertThat(entries.getLast().name()).isEqualTo("orders");
    }

    @Test
    void shouldRebuildTheProfileAsOfEachInstantFromTheStoredHistory() {
        // Given three writes at T1, T2 and T3, and the profile after each
        projector.send(Commands.upsert(ANN, "r1", T1, Map.of("plan", "basic", "city", "Oslo")));
        final Profile atT1 = projector.profiles().get(Commands.key(ANN));
        projector.send(Commands.upsert(ANN, "r2", T2, Map.of("plan", "pro")));
        final Profile atT2 = projector.profiles().get(Commands.key(ANN));
        projector.send(Commands.upsertArrayItems(ANN, "r3", T3, "orders", item("id", "o1", "total", 10L)));
        final Profile now = projector.profiles().get(Commands.key(ANN));
        // When the profile is rebuilt from the stored entries as of each instant
        final List<HistoryEntry> entries = history(projector, ANN);
        // Then it holds what the fold held then; before T1 there was none
        assertThat(ProfileHistory.asOf(now, entries, T1).orElseThrow().getAttributes()).isEqualTo(atT1.getAttributes());
        assertThat(ProfileHistory.asOf(now, entries, T2).orElseThrow().getAttributes()).isEqualTo(atT2.getAttributes());
        assertThat(ProfileHistory.asOf(now, entries, T3).orElseThrow().getAttributes()).isEqualTo(now.getAttributes());
        assertThat(ProfileHistory.asOf(now, entries, T1.minusMillis(1))).isEmpty();
    }

    @Test
    void shouldEraseTheHistoryWhenTheCustomerIsDeleted() {
        // Given a customer with history, and another
        projector.send(Commands.upsert(ANN, "r1", T1, Map.of("plan", "basic")));
        projector.send(Commands.upsert("bob", "r2", T1, Map.of("plan", "pro")));
        // When the customer is deleted
        projector.send(Commands.deleteCustomer(ANN, "r3", T2));
        // Then its history and head are gone, the other's kept
        assertThat(history(projector, ANN)).isEmpty();
        assertThat(head(projector, ANN)).isNull();
        assertThat(history(projector, "bob")).isNotEmpty();
        // And a customer created again with the id starts a fresh history
        projector.send(Commands.upsert(ANN, "r4", T3, Map.of("plan", "team")));
        assertThat(history(projector, ANN)).extracting(HistoryEntry::requestId).containsOnly("r4");
    }

    @Test
    void shouldDropTheOldestEntriesBeyondTheEntryLimitAndSayFromWhenTheHistoryIsComplete() {
        try (ProjectorDriver limited = ProjectorDriver.perTest("customer-history-limit",
                registry -> withHistory(registry, new HistorySettings(true, new HistoryBounds(3, Duration.ofDays(400)))))) {
            // Given a history limited to 3 entries, and 5 changes of one attribute at T1..T5
            final List<Instant> times = List.of(T1, T2, T3, T4, T4.plusSeconds(60));
            for (int i = 0; i < times.size(); i++) {
                limited.send(Commands.upsert(ANN, "r" + i, times.get(i), Map.of("plan", "plan-" + i)));
            }
            // Then the 3 newest are kept, and the head says the history is complete from the newest dropped one
            assertThat(history(limited, ANN)).extracting(HistoryEntry::requestId).containsExactly("r4", "r3", "r2");
            final HistoryHead head = head(limited, ANN);
            assertThat(head.getCount()).isEqualTo(3);
            assertThat(head.getCompleteFrom()).isEqualTo(T2);
            assertThat(head.getOldest()).isEqualTo(T3);
        }
    }

    @Test
    void shouldKeepAWorkspacesHistoryWithinItsOwnBoundsInsteadOfTheDeployments() {
        // Given the deployment's bounds (10,000 entries, 400 days), and this workspace's own: 3 entries, 30 days
        final HistorySettings.WorkspaceBounds own = (workspace, deployment) -> workspace.equals(WORKSPACE)
                ? Optional.of(new HistoryBounds(3, Duration.ofDays(30))) : Optional.empty();
        try (ProjectorDriver limited = ProjectorDriver.perTest("customer-history-workspace-bounds",
                registry -> withHistory(registry, new HistorySettings(true, HistoryBounds.DEFAULTS, own)))) {
            // When one attribute changes 5 times within a day
            for (int i = 0; i < 5; i++) {
                limited.send(Commands.upsert(ANN, "r" + i, T1.plusSeconds(i), Map.of("plan", "plan-" + i)));
            }
            // Then the workspace's own entry limit keeps the 3 newest
            assertThat(history(limited, ANN)).extracting(HistoryEntry::requestId).containsExactly("r4", "r3", "r2");
            // And its own retention drops what is older than 30 days when a change 31 days later comes
            limited.send(Commands.upsert(ANN, "r5", T1.plus(Duration.ofDays(31)), Map.of("plan", "plan-5")));
            assertThat(history(limited, ANN)).extracting(HistoryEntry::requestId).containsExactly("r5");
        }
    }

    @Test
    void shouldDropEntriesOlderThanTheRetentionCountedFromTheNewestChange() {
        try (ProjectorDriver retained = ProjectorDriver.perTest("customer-history-retention",
                registry -> withHistory(registry, new HistorySettings(true, new HistoryBounds(10_000, Duration.ofDays(30)))))) {
            // Given changes on day 0 and day 10, then one on day 35
            final Instant day0 = T1;
            retained.send(Commands.upsert(ANN, "r1", day0, Map.of("plan", "a")));
            retained.send(Commands.upsert(ANN, "r2", day0.plus(Duration.ofDays(10)), Map.of("plan", "b")));
            retained.send(Commands.upsert(ANN, "r3", day0.plus(Duration.ofDays(35)), Map.of("plan", "c")));
            // Then the entry of day 0 is dropped (older than 30 days then), day 10 kept
            assertThat(history(retained, ANN)).extracting(HistoryEntry::requestId).containsExactly("r3", "r2");
            assertThat(head(retained, ANN).getCompleteFrom()).isEqualTo(day0);
        }
    }

    @Test
    void shouldKeepTheChangesOfOneCommandAsOneStepCountedAsEntries() {
        // Given one command creating a customer with three attributes, and one changing two of them
        projector.send(Commands.upsert(ANN, "r1", T1, Map.of("plan", "basic", "city", "Oslo", "seats", 3L)));
        projector.send(Commands.upsert(ANN, "r2", T2, Map.of("plan", "pro", "seats", 4L)));
        // Then its history is two stored steps: the change's two entries, and the creation's four (three
        // attributes and the customer_id identifier), stored as their number only
        final KeyValueStore<Bytes, HistoryStep> store = projector.store(ProjectorTopology.HISTORY_STORE);
        try (KeyValueIterator<Bytes, HistoryStep> scan = store.prefixScan(HistoryKey.prefix(WORKSPACE, ANN),
                new ByteArraySerializer())) {
            assertThat(scan.next().value.getChanges()).hasSize(2);
            final HistoryStep creation = scan.next().value;
            assertThat(creation.getChanges()).isEmpty();
            assertThat(creation.getCreated()).isEqualTo(4);
            assertThat(scan.hasNext()).isFalse();
        }
        assertThat(head(projector, ANN).getCount()).isEqualTo(6);
        assertThat(head(projector, ANN).getNextSequence()).isEqualTo(2);
        // And the creation's entries are rebuilt with the values it set, not those of today
        final List<HistoryEntry> created = history(projector, ANN).stream()
                .filter(entry -> entry.requestId().equals("r1")).toList();
        assertThat(created).extracting(HistoryEntry::name).containsExactlyInAnyOrder("plan", "city", "seats", "customer_id");
        assertThat(created).filteredOn(entry -> entry.name().equals("plan")).extracting(entry -> text(entry.newValue()))
                .containsExactly("basic");
        assertThat(created).filteredOn(entry -> entry.name().equals("seats"))
                .extracting(entry -> ((Attribute) entry.newValue()).getValue()).containsExactly(new IntegerValue(3L));
    }

    @Test
    void shouldWriteNothingToTheHistoryStoresForAProfileWrittenOnceAndFileItsCreationWithItsNextStep() {
        // Given one command creating a customer
        projector.send(Commands.upsert(ANN, "r1", T1, Map.of("plan", "basic")));
        // Then the profile holds its creation step (no values, its count), the history stores hold nothing for it,
        // and its history reads as that step's entries
        final Profile created = projector.profiles().get(Commands.key(ANN));
        assertThat(created.getCreationStep().getCreated()).isEqualTo(2);
        assertThat(created.getCreationStep().getChanges()).isEmpty();
        assertThat(created.getHistoryPosition()).isEqualTo(new HistoryPosition(T1, 0L));
        assertThat(storedKeys(projector, ANN)).isEmpty();
        assertThat(head(projector, ANN)).isNull();
        assertThat(history(projector, ANN)).extracting(HistoryEntry::requestId).containsOnly("r1").hasSize(2);
        // When the customer changes
        projector.send(Commands.upsert(ANN, "r2", T2, Map.of("plan", "pro")));
        // Then the creation is filed where the profile's first position named, the change after it, and the
        // profile holds it no more
        final Profile changed = projector.profiles().get(Commands.key(ANN));
        assertThat(changed.getCreationStep()).isNull();
        assertThat(storedKeys(projector, ANN)).containsExactly(new HistoryKey(WORKSPACE, ANN, T2, 1),
                new HistoryKey(WORKSPACE, ANN, T1, 0));
        assertThat(history(projector, ANN)).extracting(HistoryEntry::requestId).containsExactly("r2", "r1", "r1");
        // and the first head, derived from the creation the profile held, counts both steps from T1 on
        assertThat(head(projector, ANN)).isEqualTo(new HistoryHead(T2, 2L, 3L, T1, null));
    }

    @Test
    void shouldCountEntriesWrittenAndThoseFiledInTheStoreApart() {
        // Given the process's counters (shared by every test: only their growth is read)
        final double written = counted(CustomerHistory.ENTRIES);
        final double filed = counted(CustomerHistory.FILED);
        // When a customer is created with two attributes
        projector.send(Commands.upsert(ANN, "r1", T1, Map.of("plan", "basic", "city", "Lisbon")));
        // Then its three entries (the creation and each attribute) are written, none filed: the profile holds them
        assertThat(counted(CustomerHistory.ENTRIES) - written).isEqualTo(3);
        assertThat(counted(CustomerHistory.FILED) - filed).isZero();
        // When one of them changes
        projector.send(Commands.upsert(ANN, "r2", T2, Map.of("plan", "pro")));
        // Then one more entry is written, and the store gets the creation's three and the change
        assertThat(counted(CustomerHistory.ENTRIES) - written).isEqualTo(4);
        assertThat(counted(CustomerHistory.FILED) - filed).isEqualTo(4);
    }

    private static double counted(final String name) {
        final Counter counter = METERS.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<HistoryKey> storedKeys(final ProjectorDriver driver, final String customer) {
        final KeyValueStore<Bytes, HistoryStep> store = driver.store(ProjectorTopology.HISTORY_STORE);
        final List<HistoryKey> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, HistoryStep> scan = store.prefixScan(HistoryKey.prefix(WORKSPACE, customer),
                new ByteArraySerializer())) {
            scan.forEachRemaining(step -> keys.add(HistoryKey.decode(step.key.get())));
        }
        return keys;
    }

    @Test
    void shouldKeepAStepTooLargeForOneRecordWithoutWhatItReplacedAndSayTheHistoryIsCompleteFromIt() {
        try (ProjectorDriver small = ProjectorDriver.perTest("customer-history-large-step",
                registry -> new ProjectorConfig(registry, Limits.DEFAULTS, ZoneOffset.UTC, Duration.ofHours(24),
                        ProjectorConfig.DEFAULT_UNDOABLE_COMMANDS, new FoldedOffsets(), new ProfileBound(20_000), 0,
                        DeletedWorkspaces.NONE, WorkspaceTimeZones.NONE, HistorySettings.DEFAULTS))) {
            // Given profiles bounded to 20,000 bytes (steps to 30,000) and a collection of about 18,000 bytes
            small.send(Commands.upsert(ANN, "r1", T1, Map.of("notes", Commands.scalars(notes('a')))));
            // When all of it is replaced by another of the same size (the step would hold both: over 30,000 bytes)
            small.send(Commands.upsert(ANN, "r2", T2, Map.of("notes", Commands.scalars(notes('b')))));
            // Then the profile holds the new value, the step is kept with its new value only, and as_of before it is
            // refused from then on: the history is complete from the step
            assertThat(small.profiles().get(Commands.key(ANN)).getAttributes()).containsKey("notes");
            final HistoryEntry replaced = history(small, ANN).getFirst();
            assertThat(replaced.requestId()).isEqualTo("r2");
            assertThat(replaced.oldValue()).isNull();
            assertThat(replaced.newValue()).isNotNull();
            assertThat(head(small, ANN).getCompleteFrom()).isEqualTo(T2);
            assertThat(small.deadLetters(org.opencdp.schemas.Topics.CUSTOMER_COMMANDS_DLQ).isEmpty()).isTrue();
        }
    }

    private static Object[] notes(final char fill) {
        return java.util.stream.IntStream.range(0, 19).mapToObj(i -> i + String.valueOf(fill).repeat(950)).toArray();
    }

    @Test
    void shouldKeepNoHistoryWhenItIsOff() {
        try (ProjectorDriver off = ProjectorDriver.perTest("customer-history-off",
                registry -> withHistory(registry, HistorySettings.OFF))) {
            // Given history turned off, when a customer is written
            off.send(Commands.upsert(ANN, "r1", T1, Map.of("plan", "basic")));
            // Then the profile is there and no history
            assertThat(off.profiles().get(Commands.key(ANN))).isNotNull();
            assertThat(history(off, ANN)).isEmpty();
            assertThat(head(off, ANN)).isNull();
        }
    }

    @Test
    void shouldFileAChangeStampedBeforeTheNewestAtTheNewestKeyTimeKeepingItsOwnTime() {
        // Given a change at T3, then a direct producer's change stamped T1
        projector.send(Commands.upsert(ANN, "r1", T3, Map.of("plan", "basic")));
        projector.send(Commands.upsert(ANN, "r2", T1, Map.of("plan", "pro")));
        // Then it is the newest entry (fold order), with its own time
        final HistoryEntry newest = history(projector, ANN).getFirst();
        assertThat(newest.requestId()).isEqualTo("r2");
        assertThat(newest.at()).isEqualTo(T1);
        assertThat(head(projector, ANN).getNewest()).isEqualTo(T3);
    }

    @Test
    void shouldKeepAnIdentifierAndASubscriptionAsEntriesOfTheirKinds() {
        // Given a customer
        projector.send(Commands.upsert(ANN, "r1", T1, Map.of("plan", "basic")));
        // When an email is attached to her, and she subscribes to marketing texts
        projector.send(Commands.command(ANN, "r2", T2, ApiFamily.RETAINLY, new AttachIdentifiers(
                List.of(new Identifier(IdentifierKinds.EMAIL, null, "ann@example.com")))));
        projector.send(Commands.command(ANN, "r3", T3, ApiFamily.ATTENTIVE, new Subscribe("TEXT", "MARKETING", null, null)));
        // Then each is one entry of its kind, added (no old value), with its request id
        final List<HistoryEntry> entries = history(projector, ANN);
        assertThat(entries).filteredOn(entry -> entry.requestId().equals("r2")).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo(HistoryKind.IDENTIFIER);
            assertThat(entry.name()).isEqualTo(IdentifierKinds.EMAIL);
            assertThat(entry.oldValue()).isNull();
            assertThat(((Identifier) entry.newValue()).getValue()).isEqualTo("ann@example.com");
        });
        assertThat(entries).filteredOn(entry -> entry.requestId().equals("r3")).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo(HistoryKind.SUBSCRIPTION);
            assertThat(entry.oldValue()).isNull();
            assertThat(((Subscription) entry.newValue()).getChannel()).isEqualTo("TEXT");
        });
    }

    @Test
    void shouldKeepAnUndoneMergeInTheHistoryOfBothProfiles() {
        // Given bob merged into ann
        projector.send(Commands.upsert(ANN, "r1", T1, Map.of("plan", "basic")));
        projector.send(Commands.upsert("bob", "r2", T2, Map.of("city", "Oslo")));
        projector.send(Commands.command("bob", "r3", T3, ApiFamily.RETAINLY, new MergeInto("m1", ANN)));
        // When the merge is undone
        projector.send(Commands.command(ANN, "r4", T4, ApiFamily.UPSTREAM, new UndoMerge("m1")));
        // Then ann's newest step, source merge, takes back what she gained and marks the merge record undone
        final List<HistoryEntry> survivor = history(projector, ANN).stream()
                .filter(entry -> entry.requestId().equals("r4")).toList();
        assertThat(survivor).allSatisfy(entry -> assertThat(entry.source().kind()).isEqualTo(HistorySource.Kind.MERGE));
        assertThat(survivor).anySatisfy(entry -> {
            assertThat(entry.name()).isEqualTo("city");
            assertThat(entry.newValue()).isNull();
            assertThat(text(entry.oldValue())).isEqualTo("Oslo");
        });
        assertThat(survivor).anySatisfy(entry -> {
            assertThat(entry.kind()).isEqualTo(HistoryKind.IDENTIFIER);
            assertThat(((Identifier) entry.oldValue()).getValue()).isEqualTo("bob");
            assertThat(entry.newValue()).isNull();
        });
        assertThat(survivor).anySatisfy(entry -> {
            assertThat(entry.name()).isEqualTo(HistoryDiff.MERGES);
            assertThat(entry.item()).isEqualTo("m1");
            assertThat(((MergeRecord) entry.oldValue()).getUndone()).isFalse();
            assertThat(((MergeRecord) entry.newValue()).getUndone()).isTrue();
        });
        // And bob's history says he is no longer merged and holds his values again
        final List<HistoryEntry> restored = history(projector, "bob").stream()
                .filter(entry -> entry.requestId().equals("r4")).toList();
        assertThat(restored).anySatisfy(entry -> {
            assertThat(entry.name()).isEqualTo(HistoryDiff.MERGED_INTO);
            assertThat(entry.oldValue()).isEqualTo(ANN);
            assertThat(entry.newValue()).isNull();
        });
        assertThat(restored).anySatisfy(entry -> {
            assertThat(entry.name()).isEqualTo("city");
            assertThat(text(entry.newValue())).isEqualTo("Oslo");
        });
    }

    @Test
    void shouldMoveTheAbsorbedProfilesHistoryToTheSurvivorWhereAsOfDoesNotUndoIt() {
        // Given ann, and bob with two changes of his own
        projector.send(Commands.upsert(ANN, "r1", T1, Map.of("plan", "basic")));
        projector.send(Commands.upsert("bob", "r2", T2, Map.of("city", "Oslo")));
        projector.send(Commands.upsert("bob", "r2b", T2.plusSeconds(1), Map.of("city", "Bergen")));
        // When bob is merged into ann
        projector.send(Commands.command("bob", "r3", T3, ApiFamily.RETAINLY, new MergeInto("m1", ANN)));
        // Then ann's history holds bob's entries at their own times, marked as his, between hers
        final List<HistoryEntry> survivor = history(projector, ANN);
        assertThat(survivor).filteredOn(entry -> "bob".equals(entry.mergedFrom()))
                .extracting(HistoryEntry::requestId).containsExactly("r2b", "r2", "r2");
        assertThat(survivor).filteredOn(entry -> entry.requestId().equals("r2b")).singleElement()
                .satisfies(entry -> assertThat(text(entry.oldValue())).isEqualTo("Oslo"));
        assertThat(survivor.getLast().requestId()).isEqualTo("r1");
        // And ann as of before the merge is hers alone: bob's entries are not undone on her
        final Profile then = ProfileHistory.asOf(projector.profiles().get(new CustomerKey(WORKSPACE, ANN)), survivor,
                T2.plusSeconds(2)).orElseThrow();
        assertThat(then.getAttributes()).containsOnlyKeys("plan");
        // And bob's own history only says where he went, complete from the merge
        assertThat(history(projector, "bob")).extracting(HistoryEntry::name).containsExactly(HistoryDiff.MERGED_INTO);
        assertThat(head(projector, "bob").getCompleteFrom()).isEqualTo(T3);
    }

    @Test
    void shouldMoveTheAbsorbedHistoryBackWhenTheMergeIsUndoneAndEraseItWithTheSurvivor() {
        // Given bob, with a change of his own, merged into ann
        projector.send(Commands.upsert(ANN, "r1", T1, Map.of("plan", "basic")));
        projector.send(Commands.upsert("bob", "r2", T2, Map.of("city", "Oslo")));
        projector.send(Commands.command("bob", "r3", T3, ApiFamily.RETAINLY, new MergeInto("m1", ANN)));
        // When the merge is undone
        projector.send(Commands.command(ANN, "r4", T4, ApiFamily.UPSTREAM, new UndoMerge("m1")));
        // Then ann's history no longer holds bob's entries, and his holds them again as his own
        assertThat(history(projector, ANN)).noneMatch(entry -> entry.mergedFrom() != null);
        final List<HistoryEntry> restored = history(projector, "bob");
        assertThat(restored).filteredOn(entry -> entry.requestId().equals("r2"))
                .allSatisfy(entry -> assertThat(entry.mergedFrom()).isNull())
                .extracting(HistoryEntry::name).containsExactlyInAnyOrder("city", "customer_id");
        assertThat(restored.getFirst().requestId()).isEqualTo("r4");
        // When he is merged again and ann is deleted
        projector.send(Commands.command("bob", "r5", T5, ApiFamily.RETAINLY, new MergeInto("m2", ANN)));
        projector.send(Commands.deleteCustomer(ANN, "r6", T6));
        // Then nothing of his values is left in any history
        assertThat(history(projector, ANN)).isEmpty();
        assertThat(history(projector, "bob")).allSatisfy(entry ->
                assertThat(entry.name()).isIn(HistoryDiff.MERGED_INTO));
    }

    @Test
    void shouldKeepAMergeInTheHistoryOfBothProfiles() {
        // Given two customers
        projector.send(Commands.upsert(ANN, "r1", T1, Map.of("plan", "basic")));
        projector.send(Commands.upsert("bob", "r2", T2, Map.of("city", "Oslo")));
        // When bob is merged into ann
        projector.send(Commands.command("bob", "r3", T3, ApiFamily.RETAINLY, new MergeInto("m1", ANN)));
        // Then ann's history has what she gained and the merge record, with source merge
        final List<HistoryEntry> survivor = history(projector, ANN);
        assertThat(survivor).anySatisfy(entry -> {
            assertThat(entry.kind()).isEqualTo(HistoryKind.MERGE);
            assertThat(entry.name()).isEqualTo(HistoryDiff.MERGES);
            assertThat(entry.item()).isEqualTo("m1");
            assertThat(entry.source().kind()).isEqualTo(HistorySource.Kind.MERGE);
        });
        assertThat(survivor).anySatisfy(entry -> {
            assertThat(entry.name()).isEqualTo("city");
            assertThat(entry.requestId()).isEqualTo("r3");
        });
        // And bob's history holds no value any more (they live on in ann's, erased with her), only where he went
        assertThat(history(projector, "bob")).singleElement().satisfies(entry -> {
            assertThat(entry.name()).isEqualTo(HistoryDiff.MERGED_INTO);
            assertThat(entry.oldValue()).isNull();
            assertThat(entry.newValue()).isEqualTo(ANN);
            assertThat(entry.requestId()).isEqualTo("r3");
        });
    }

    @Test
    void shouldStampTheStoredProfileAndEveryEventItCarriesWithItsNewestHistoryStep() {
        // Given a customer created, an event, then a change
        final TestOutputTopic<CustomerKey, EnrichedEvent> events = projector.output(Topics.ENRICHED_EVENTS);
        projector.send(Commands.upsert(ANN, "r1", T1, Map.of("plan", "basic")));
        final HistoryPosition created = projector.profiles().get(Commands.key(ANN)).getHistoryPosition();
        projector.send(Commands.event(ANN, "r2", T2, "order", Map.of()));
        projector.send(Commands.upsert(ANN, "r3", T3, Map.of("plan", "pro")));
        final HistoryPosition changed = projector.profiles().get(Commands.key(ANN)).getHistoryPosition();
        // Then the positions are the keys of the two steps, in order
        assertThat(created).isEqualTo(new HistoryPosition(T1, 0L));
        assertThat(changed).isEqualTo(new HistoryPosition(T3, 1L));
        // And each event carries the profile at the position it was stored with then
        final Map<String, HistoryPosition> byEvent = new HashMap<>();
        events.readValuesToList().forEach(event -> byEvent.put(event.getName() + "/" + event.getRequestId(),
                event.getProfile().getHistoryPosition()));
        assertThat(byEvent).containsEntry("customer.created/r1", created).containsEntry("order/r2", created)
                .containsEntry("attribute.changed/r3", changed);
    }

    @Test
    void shouldShowTheProfileAtAPositionAsItWasThoughALaterCommandIsStampedBeforeIt() {
        // Given the profile a workflow saw: plan basic at T2
        projector.send(Commands.upsert(ANN, "r1", T2, Map.of("plan", "basic")));
        final Profile seen = projector.profiles().get(Commands.key(ANN));
        // When a direct producer's command stamped T1, before it, changes the plan afterwards
        projector.send(Commands.upsert(ANN, "r2", T1, Map.of("plan", "pro")));
        final Profile now = projector.profiles().get(Commands.key(ANN));
        // Then the profile at the seen position has plan basic, while the profile as of T2 has the later change
        final AsOf atPosition = ProfileHistory.atPosition(now, ProfilePositionProperties.steps(projector, ANN),
                Optional.empty(), seen.getHistoryPosition());
        assertThat(atPosition).isInstanceOfSatisfying(AsOf.Found.class, found ->
                assertThat(text(found.profile().getAttributes().get("plan"))).isEqualTo("basic"));
        assertThat(ProfileHistory.asOf(now, history(projector, ANN), T2).orElseThrow().getAttributes().get("plan"))
                .satisfies(plan -> assertThat(text(plan)).isEqualTo("pro"));
    }

    @Test
    void shouldFindNoProfileAtAPositionOfOneDeletedAndCreatedAgain() {
        // Given a position of a customer, then the customer deleted and created again
        projector.send(Commands.upsert(ANN, "r1", T1, Map.of("plan", "basic")));
        final HistoryPosition before = projector.profiles().get(Commands.key(ANN)).getHistoryPosition();
        projector.send(Commands.deleteCustomer(ANN, "r2", T2));
        projector.send(Commands.upsert(ANN, "r3", T3, Map.of("plan", "pro")));
        // When the profile is read at the old position; Then there was none (its history went with the deletion)
        assertThat(ProfileHistory.atPosition(projector.profiles().get(Commands.key(ANN)),
                ProfilePositionProperties.steps(projector, ANN), Optional.empty(), before))
                .isInstanceOf(AsOf.Absent.class);
    }
}
