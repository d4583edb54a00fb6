package org.opencdp.projector.topology;

import static org.opencdp.projector.Times.T1;
import static org.opencdp.projector.Times.T2;
import static org.opencdp.projector.Times.T3;
import static org.opencdp.projector.Times.T4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.projector.Commands.WORKSPACE;
import static org.opencdp.projector.Commands.fields;
import static org.opencdp.projector.Commands.item;
import static org.opencdp.projector.Commands.key;
import static org.opencdp.projector.Commands.upsert;
import static org.opencdp.projector.Commands.upsertArrayItems;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.ArrayValue;
import org.opencdp.avro.AttributeRejection;
import org.opencdp.avro.CatalogCommand;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.DefineProperty;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.IdentifyRequest;
import org.opencdp.avro.IdentityCommand;
import org.opencdp.avro.Profile;
import org.opencdp.avro.ProfileIdentity;
import org.opencdp.avro.PropertyDefinitionEntry;
import org.opencdp.avro.PropertyKey;
import org.opencdp.avro.StringValue;
import org.opencdp.avro.UpsertAttributes;
import org.opencdp.avro.WorkspaceKey;
import org.opencdp.projector.Commands;
import org.opencdp.schemas.values.Limits;
import org.opencdp.projector.customer.ProfileBound;
import org.opencdp.projector.identity.IdentifierKinds;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.InMemorySchemaRegistry;
import org.opencdp.schemas.serde.SchemaRegistry;

/**
 * Issue 12: no record stops the projector. One test per failure class: the record goes to its topic's dead-letter
 * topic with its reason, exception, position and request id, and the next record is applied.
 */
class ContainmentTopologyTest {

    @TempDir
    Path stateDir;

    /** Where the test's own serializers register; the topology may see it through a {@link FailingRegistry}. */
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private ProjectorDriver projector;
    private TestInputTopic<WorkspaceKey, IdentityCommand> identity;
    private TestInputTopic<PropertyKey, CatalogCommand> catalogCommands;
    private TestInputTopic<PropertyKey, PropertyDefinitionEntry> catalogIn;
    private TestOutputTopic<byte[], byte[]> commandDeadLetters;
    private TestOutputTopic<byte[], byte[]> identityDeadLetters;
    private TestOutputTopic<byte[], byte[]> catalogDeadLetters;
    private TestOutputTopic<byte[], byte[]> definitionDeadLetters;
    private KeyValueStore<CustomerKey, Profile> profiles;

    private void start(final SchemaRegistry topologyRegistry) {
        start(topologyRegistry, ProfileBound.DEFAULT);
    }

    private void start(final SchemaRegistry topologyRegistry, final ProfileBound bound) {
        projector = new ProjectorDriver(registry, ProjectorDriver.asDeployed("containment-topology-test", stateDir), new ProjectorConfig(topologyRegistry,
                Limits.DEFAULTS, ZoneOffset.UTC, Duration.ofHours(24), ProjectorConfig.DEFAULT_UNDOABLE_COMMANDS,
                new FoldedOffsets(), bound));
        identity = projector.input(Topics.IDENTITY_COMMANDS);
        catalogCommands = projector.input(Topics.CATALOG_COMMANDS);
        catalogIn = projector.input(Topics.PROPERTY_CATALOG);
        commandDeadLetters = projector.deadLetters(Topics.CUSTOMER_COMMANDS_DLQ);
        identityDeadLetters = projector.deadLetters(Topics.IDENTITY_COMMANDS_DLQ);
        catalogDeadLetters = projector.deadLetters(Topics.CATALOG_COMMANDS_DLQ);
        definitionDeadLetters = projector.deadLetters(Topics.PROPERTY_CATALOG_DLQ);
        profiles = projector.store(ProjectorTopology.PROFILE_STORE);
    }

    @AfterEach
    void closeDriver() {
        if (projector != null) {
            projector.close();
        }
    }

    private static String header(final TestRecord<byte[], byte[]> record, final String name) {
        final Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> position(final TestRecord<byte[], byte[]> record) {
        return Map.of("topic", header(record, Topics.DEAD_LETTER_TOPIC_HEADER),
                "partition", header(record, Topics.DEAD_LETTER_PARTITION_HEADER),
                "offset", header(record, Topics.DEAD_LETTER_OFFSET_HEADER));
    }

    /** {@code dead} is the dead letter of the first record of {@code topic}, which failed, from request {@code requestId}. */
    private static void assertFailedFirstRecord(final TestRecord<byte[], byte[]> dead, final Topic<?, ?> topic,
                                                final String requestId) {
        assertThat(header(dead, Topics.DEAD_LETTER_REASON_HEADER)).startsWith("failed: ");
        assertThat(header(dead, Topics.DEAD_LETTER_EXCEPTION_HEADER)).isNotBlank();
        assertThat(position(dead)).isEqualTo(Map.of("topic", topic.name(), "partition", "0", "offset", "0"));
        assertThat(header(dead, Topics.REQUEST_ID_HEADER)).isEqualTo(requestId);
    }

    private static String repeat(final String s, final int times) {
        return s.repeat(times);
    }

    @Test
    void shouldDeadLetterTheCommandWhoseFoldThrowsAndFoldTheNext() {
        // Given a registry that refuses the profile's schema once (an error retrying does not cure, unlike an
        // unreachable registry): the fold of the first command throws
        start(new FailingRegistry(registry, Profile.class, 1));
        // When a write comes, then an ordinary write follows
        projector.send(upsert("b", "r-first", T1, fields("plan", "free")));
        projector.send(upsert("c", "r-next", T2, fields("plan", "pro")));
        // Then the first is a dead letter with every header, and nothing of it was stored
        final TestRecord<byte[], byte[]> dead = commandDeadLetters.readRecord();
        assertFailedFirstRecord(dead, Topics.CUSTOMER_COMMANDS, "r-first");
        assertThat(profiles.get(key("b"))).isNull();
        assertThat(commandDeadLetters.isEmpty()).isTrue();
        // And the next command is folded
        assertThat(profiles.get(key("c")).getAttributes().get("plan").getValue()).isEqualTo(new StringValue("pro"));
    }

    @Test
    void shouldRecordAHugeExponentAsARejectionNotAFailure() {
        // Given the projector
        start(registry);
        // When an Attentive write infers a number from "1e99999999999" (past the shared number bounds), then an
        // ordinary write follows
        projector.send(Commands.command("b", "r-bomb", T1, ApiFamily.ATTENTIVE,
                new UpsertAttributes(new HashMap<>(Map.of("bomb", "1e99999999999")), new HashMap<>())));
        projector.send(upsert("c", "r-next", T2, fields("plan", "pro")));
        // Then nothing is dead-lettered: the value is a rejection recorded on the profile, and the next is folded
        assertThat(commandDeadLetters.isEmpty()).isTrue();
        assertThat(profiles.get(key("b")).getRejections()).extracting(AttributeRejection::getRequestId)
                .contains("r-bomb");
        assertThat(profiles.get(key("c")).getAttributes().get("plan").getValue()).isEqualTo(new StringValue("pro"));
    }

    @Test
    void shouldRejectAndRecordACustomerOf450FieldsOf1000MultiByteCharactersAndFoldTheNextCommand() {
        // Given a customer
        start(registry);
        projector.send(upsert("big", "r1", T1, fields("plan", "free")));
        // When one write brings 450 fields of 1,000 "é" (about 900 KB once encoded: past the 512 KiB bound)
        final Map<String, Object> huge = new LinkedHashMap<>();
        for (int i = 0; i < 450; i++) {
            huge.put("f" + i, repeat("é", 1000));
        }
        projector.send(upsert("big", "r-huge", T2, huge));
        projector.send(upsert("big", "r3", T3, fields("plan", "pro")));
        // Then the write is a dead letter naming the bound, recorded on the profile, and nothing of it is stored
        final TestRecord<byte[], byte[]> dead = commandDeadLetters.readRecord();
        assertThat(header(dead, Topics.DEAD_LETTER_REASON_HEADER)).startsWith("too_large: ")
                .contains("cdp.projector.max-profile-bytes");
        assertThat(header(dead, Topics.REQUEST_ID_HEADER)).isEqualTo("r-huge");
        final Profile profile = profiles.get(key("big"));
        assertThat(profile.getAttributes()).doesNotContainKey("f0");
        assertThat(profile.getRejections()).extracting(AttributeRejection::getRequestId).containsExactly("r-huge");
        assertThat(profile.getRejections().getFirst().getReason()).startsWith("too_large: ");
        assertThat(profile.getRejections().getFirst().getProperty()).startsWith("f");
        // And the next command is folded
        assertThat(profile.getAttributes().get("plan").getValue()).isEqualTo(new StringValue("pro"));
        assertThat(profile.getRevision()).isEqualTo(2L);
    }

    @Test
    void shouldRejectTheAppendThatGrowsAnArrayPastTheBoundAndKeepTheEarlierItems() {
        // Given a customer whose array field grows by 50 items of 900 "ü" (about 90 KB) per write
        start(registry);
        int applied = 0;
        String rejected = null;
        for (int write = 0; write < 16 && rejected == null; write++) {
            final ArrayItem[] items = new ArrayItem[50];
            for (int i = 0; i < items.length; i++) {
                items[i] = item("id", write + "-" + i, "text", repeat("ü", 900));
            }
            // When the writes go on
            projector.send(upsertArrayItems("grow", "r" + write, T1.plusSeconds(write), "notes", items));
            if (commandDeadLetters.isEmpty()) {
                applied++;
            } else {
                rejected = header(commandDeadLetters.readRecord(), Topics.REQUEST_ID_HEADER);
            }
        }
        // Then one write is rejected once past the bound, the items before it are kept, and it is recorded
        final String rejectedRequest = rejected;
        assertThat(rejectedRequest).isNotNull();
        assertThat(applied).isPositive();
        assertThat(rejectedRequest).isEqualTo("r" + applied);
        final Profile profile = profiles.get(key("grow"));
        assertThat(((ArrayValue) profile.getAttributes().get("notes").getValue()).getItems()).hasSize(50 * applied);
        assertThat(profile.getRejections()).singleElement().satisfies(rejection -> {
            assertThat(rejection.getProperty()).isEqualTo("notes");
            assertThat(rejection.getRequestId()).isEqualTo(rejectedRequest);
        });
        // And a later small write is folded
        projector.send(upsert("grow", "r-small", T4, fields("plan", "pro")));
        assertThat(profiles.get(key("grow")).getAttributes()).containsKey("plan");
    }

    @Test
    void shouldDeadLetterTheIdentityCommandWhoseResolutionThrowsAndResolveTheNext() {
        // Given a registry that refuses the resolver's store schema once (an error retrying does not cure)
        start(new FailingRegistry(registry, ProfileIdentity.class, 1));
        // When two requests name their users by email
        identify("r-first", T1, "a@x.io");
        identify("r-second", T2, "b@x.io");
        // Then the first is a dead letter of identity-commands with every header, and the second is resolved
        final TestRecord<byte[], byte[]> dead = identityDeadLetters.readRecord();
        assertFailedFirstRecord(dead, Topics.IDENTITY_COMMANDS, "r-first");
        assertThat(identityDeadLetters.isEmpty()).isTrue();
        final KeyValueStore<String, String> index = projector.store(ProjectorTopology.IDENTITY_INDEX_STORE);
        assertThat(index.get(StoreKeys.identifier(WORKSPACE, email("a@x.io")))).isNull();
        assertThat(index.get(StoreKeys.identifier(WORKSPACE, email("b@x.io")))).isNotNull();
    }

    @Test
    void shouldDeadLetterTheCatalogCommandWhoseDecisionThrowsAndDecideTheNext() {
        // Given a registry that refuses the decisions' schema once
        start(new FailingRegistry(registry, PropertyDefinitionEntry.class, 1));
        // When two properties are defined
        admin("first", T1);
        admin("second", T2);
        // Then the first is a dead letter of catalog-commands with every header, and the second is decided
        final TestRecord<byte[], byte[]> dead = catalogDeadLetters.readRecord();
        assertThat(header(dead, Topics.DEAD_LETTER_REASON_HEADER)).startsWith("failed: ");
        assertThat(header(dead, Topics.DEAD_LETTER_EXCEPTION_HEADER)).isNotBlank();
        assertThat(position(dead)).isEqualTo(Map.of("topic", Topics.CATALOG_COMMANDS.name(), "partition", "0",
                "offset", "0"));
        assertThat(header(dead, Topics.REQUEST_ID_HEADER)).isEqualTo("admin-" + T1);
        final KeyValueStore<String, PropertyDefinitionEntry> decisions =
                projector.store(ProjectorTopology.CATALOG_DECISIONS_STORE);
        assertThat(decisions.get(StoreKeys.property(WORKSPACE, "first"))).isNull();
        assertThat(decisions.get(StoreKeys.property(WORKSPACE, "second"))).isNotNull();
    }

    @Test
    void shouldDeadLetterTheDefinitionWhoseApplyThrowsAndApplyTheNext() {
        // Given a registry that refuses the catalog store's schema once: applying the first definition throws
        start(new FailingRegistry(registry, PropertyDefinitionEntry.class, 1));
        // When a definition comes, then another property's
        catalogIn.pipeInput(new PropertyKey(WORKSPACE, "score"), entry("score", "number", T1, 1), T1);
        catalogIn.pipeInput(new PropertyKey(WORKSPACE, "plan"), entry("plan", "string", T2, 1), T2);
        // Then the first is a dead letter of property-catalog with every header, and the next one is applied
        final TestRecord<byte[], byte[]> dead = definitionDeadLetters.readRecord();
        assertThat(header(dead, Topics.DEAD_LETTER_REASON_HEADER)).startsWith("failed: ");
        assertThat(header(dead, Topics.DEAD_LETTER_EXCEPTION_HEADER)).isNotBlank();
        assertThat(position(dead)).isEqualTo(Map.of("topic", Topics.PROPERTY_CATALOG.name(), "partition", "0",
                "offset", "0"));
        final KeyValueStore<String, PropertyDefinitionEntry> catalog = projector.store(ProjectorTopology.CATALOG_STORE);
        assertThat(catalog.get(StoreKeys.property(WORKSPACE, "score"))).isNull();
        assertThat(catalog.get(StoreKeys.property(WORKSPACE, "plan"))).isNotNull();
    }

    private static PropertyDefinitionEntry entry(final String name, final String type, final Instant at,
                                                 final long version) {
        return new PropertyDefinitionEntry(WORKSPACE, name, type, List.of(), T1, "PUT /properties/{name}", "r-" + name,
                at, version);
    }

    private void admin(final String name, final Instant at) {
        catalogCommands.pipeInput(new PropertyKey(WORKSPACE, name), new CatalogCommand("admin-" + at + ":0", WORKSPACE,
                name, "admin-" + at, at, "PUT /properties/{name}", ApiFamily.UPSTREAM,
                new DefineProperty("string", List.of())), at);
    }

    private static Identifier email(final String value) {
        return new Identifier(IdentifierKinds.EMAIL, null, value);
    }

    private void identify(final String requestId, final Instant at, final String emailAddress) {
        identify(requestId, at, List.of(email(emailAddress)), Map.of("plan", "pro"));
    }

    private void identify(final String requestId, final Instant at, final List<Identifier> identifiers,
                          final Map<String, Object> attributes) {
        final List<CustomerCommand> requestCommands = new ArrayList<>();
        requestCommands.add(new CustomerCommand(requestId + ":0", WORKSPACE, "", requestId, at,
                "POST /v1/attributes/custom", ApiFamily.ATTENTIVE,
                new UpsertAttributes(new HashMap<>(attributes), new HashMap<>()), null, false, null));
        identity.pipeInput(new WorkspaceKey(WORKSPACE), new IdentityCommand(requestId + "/0", WORKSPACE, requestId, at,
                "POST /v1/attributes/custom", new IdentifyRequest(identifiers, requestCommands)), at);
    }

    private static Map<String, Object> texts(final String prefix, final int fields) {
        final Map<String, Object> attributes = new LinkedHashMap<>();
        for (int i = 0; i < fields; i++) {
            attributes.put(prefix + i, "é".repeat(1000));
        }
        return attributes;
    }

    @Test
    void shouldStopJournalingAMergePastTheByteBudgetAndMarkItNotUndoable() {
        // Given a bound of 16 KiB (journals may take 24 KiB) and a merge of two profiles of about 6 KB each
        start(registry, new ProfileBound(16 * 1024));
        identify("r-a", T1, List.of(email("a@x.io")), texts("a", 3));
        identify("r-b", T2, List.of(email("b@x.io")), texts("b", 3));
        identify("r-bridge", T3, List.of(email("a@x.io"), email("b@x.io")), Map.of("plan", "pro"));
        final String survivor = projector.<String, String>store(ProjectorTopology.IDENTITY_INDEX_STORE)
                .get(StoreKeys.identifier(WORKSPACE, email("a@x.io")));
        assertThat(profiles.get(key(survivor)).getMerges()).singleElement()
                .satisfies(merge -> assertThat(merge.getUndoable()).isTrue());
        // When the survivor folds writes of about 2 KB each (the profile stays the same size, the journal grows)
        for (int i = 0; i < 8; i++) {
            projector.send(upsert(survivor, "r-note-" + i, T4.plusSeconds(i), fields("note", Character.toString('a' + i)
                    + "é".repeat(999))));
        }
        // Then the journal is dropped once past 24 KiB and the merge can no longer be undone; every write applied
        final Profile profile = profiles.get(key(survivor));
        assertThat(profile.getMerges()).singleElement().satisfies(merge -> assertThat(merge.getUndoable()).isFalse());
        assertThat(profile.getAttributes().get("note").getValue()).isEqualTo(new StringValue("h" + "é".repeat(999)));
        assertThat(commandDeadLetters.isEmpty()).isTrue();
        try (var journals = projector.store(ProjectorTopology.MERGE_JOURNALS_STORE).all()) {
            assertThat(journals.hasNext()).isFalse();
        }
    }

    @Test
    void shouldRefuseAMergeWhoseSurvivorWouldOutgrowTheBoundAndKeepBothProfiles() {
        // Given a bound of 16 KiB (small, to keep the test quick), and two profiles of about 10 KB each, one by
        // email a, one by email b
        start(registry, new ProfileBound(16 * 1024));
        identify("r-a", T1, List.of(email("a@x.io")), texts("a", 5));
        identify("r-b", T2, List.of(email("b@x.io")), texts("b", 5));
        final KeyValueStore<String, String> index = projector.store(ProjectorTopology.IDENTITY_INDEX_STORE);
        final String older = index.get(StoreKeys.identifier(WORKSPACE, email("a@x.io")));
        final String newer = index.get(StoreKeys.identifier(WORKSPACE, email("b@x.io")));
        assertThat(older).isNotEqualTo(newer);
        // When a request bridges them (its survivor would take about 20 KB)
        identify("r-bridge", T3, List.of(email("a@x.io"), email("b@x.io")), Map.of("plan", "pro"));
        // Then the merge is a dead letter naming the bound, and recorded on the survivor
        final TestRecord<byte[], byte[]> dead = commandDeadLetters.readRecord();
        assertThat(header(dead, Topics.DEAD_LETTER_REASON_HEADER)).startsWith("too_large: not merged: ");
        assertThat(header(dead, Topics.REQUEST_ID_HEADER)).isEqualTo("r-bridge");
        final Profile survivor = profiles.get(key(older));
        assertThat(survivor.getAttributes()).containsKeys("a0", "plan").doesNotContainKey("b0");
        assertThat(survivor.getRejections()).extracting(AttributeRejection::getRequestId).containsExactly("r-bridge");
        assertThat(survivor.getIdentifiers()).doesNotContain(email("b@x.io"));
        // And the absorbed profile is back, with its identifier
        final Profile absorbed = profiles.get(key(newer));
        assertThat(absorbed.getMergedInto()).isNull();
        assertThat(absorbed.getAttributes()).containsKey("b0");
        assertThat(index.get(StoreKeys.identifier(WORKSPACE, email("b@x.io")))).isEqualTo(newer);
        // And a later write by email b lands on it
        identify("r-later", T4, List.of(email("b@x.io")), Map.of("city", "Oslo"));
        assertThat(profiles.get(key(newer)).getAttributes()).containsKey("city");
    }
}
