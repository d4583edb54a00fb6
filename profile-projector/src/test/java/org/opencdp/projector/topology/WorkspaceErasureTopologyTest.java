package org.opencdp.projector.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.projector.Times.T1;
import static org.opencdp.projector.Times.T2;
import static org.opencdp.projector.Times.T3;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.IdentifyRequest;
import org.opencdp.avro.IdentityCommand;
import org.opencdp.avro.Profile;
import org.opencdp.avro.PropertyKey;
import org.opencdp.avro.UpsertAttributes;
import org.opencdp.avro.WorkspaceKey;
import org.opencdp.platform.access.DeletedWorkspaces;
import org.opencdp.platform.access.WorkspaceTimeZones;
import org.opencdp.platform.streams.WorkspaceErasure;
import org.opencdp.projector.Commands;
import org.opencdp.projector.identity.IdentifierKinds;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.values.Limits;

/**
 * Deleting a workspace (contract section 10: "the workspace's data is erased as by DELETE /customers"): the fold
 * erases it from every store and withdraws what it published, and no longer applies its commands, while another
 * workspace with the same customer ids, identifiers and properties keeps everything.
 */
class WorkspaceErasureTopologyTest {

    private static final String DELETED = "acme";
    private static final String KEPT = "globex";
    private static final String EMAIL = "ann@example.com";

    private final Set<String> deletedIds = ConcurrentHashMap.newKeySet();
    private final DeletedWorkspaces deleted = DeletedWorkspaces.in(deletedIds);

    @RegisterExtension
    final ProjectorDriver projector = ProjectorDriver.perTest("workspace-erasure-topology-test",
            registry -> new ProjectorConfig(registry, Limits.DEFAULTS, ZoneOffset.UTC, Duration.ofHours(24),
                    ProjectorConfig.DEFAULT_UNDOABLE_COMMANDS, new FoldedOffsets(),
                    org.opencdp.projector.customer.ProfileBound.DEFAULT, 0, deleted, WorkspaceTimeZones.NONE));

    private final TestInputTopic<CustomerKey, CustomerCommand> commands = projector.input(Topics.CUSTOMER_COMMANDS);
    private final TestInputTopic<WorkspaceKey, IdentityCommand> identity = projector.input(Topics.IDENTITY_COMMANDS);
    private final TestOutputTopic<CustomerKey, Profile> profilesOut = projector.output(Topics.PROFILES);
    private final TestOutputTopic<PropertyKey, org.opencdp.avro.PropertyDefinitionEntry> catalogOut =
            projector.output(Topics.PROPERTY_CATALOG);

    private void upsert(final String workspace, final String customer, final String requestId, final Instant at,
                        final Map<String, Object> attributes) {
        final CustomerCommand command = CustomerCommand.newBuilder(Commands.upsert(customer, requestId, at, attributes))
                .setWorkspaceId(workspace).build();
        commands.pipeInput(new CustomerKey(workspace, customer), command, at);
    }

    private void identify(final String workspace, final String requestId, final Instant at) {
        final CustomerCommand upsert = new CustomerCommand(requestId + ":0", workspace, "", requestId, at,
                "POST /v2/user/attributes", ApiFamily.ATTENTIVE,
                new UpsertAttributes(new HashMap<>(Map.of("city", "Oslo")), new HashMap<>()), null, false, null);
        identity.pipeInput(new WorkspaceKey(workspace), new IdentityCommand(requestId + "/0", workspace, requestId, at,
                "POST /v2/user/attributes",
                new IdentifyRequest(List.of(new Identifier(IdentifierKinds.EMAIL, null, EMAIL)), List.of(upsert))), at);
    }

    /** Both workspaces hold the same customer, identifier and properties. */
    private void givenTwoWorkspacesWithTheSameIds() {
        for (final String workspace : List.of(DELETED, KEPT)) {
            upsert(workspace, "42", workspace + "-r1", T1, Map.of("plan", workspace + "-pro", "seats", 3L));
            upsert(workspace, "43", workspace + "-r2", T1, Map.of("plan", "basic"));
            identify(workspace, workspace + "-r3", T2);
        }
        assertThat(keysOf(DELETED, ProjectorTopology.IDENTITY_INDEX_STORE)).isNotEmpty();
        assertThat(keysOf(DELETED, ProjectorTopology.CATALOG_STORE)).isNotEmpty();
        assertThat(keysOf(DELETED, ProjectorTopology.CATALOG_DECISIONS_STORE)).isNotEmpty();
        profilesOut.readRecordsToList();
        catalogOut.readRecordsToList();
    }

    private void whenTheWorkspaceIsDeletedAndTimePasses() {
        deletedIds.add(DELETED);
        projector.driver().advanceWallClockTime(WorkspaceErasure.INTERVAL);
        projector.driver().advanceWallClockTime(WorkspaceErasure.INTERVAL);
    }

    private List<String> keysOf(final String workspace, final String store) {
        final KeyValueStore<String, Object> kv = projector.store(store);
        final List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Object> all = kv.all()) {
            all.forEachRemaining(entry -> {
                if (entry.key.startsWith(workspace + "\u0000")) {
                    keys.add(entry.key);
                }
            });
        }
        return keys;
    }

    private List<CustomerKey> profileKeysOf(final String workspace) {
        final List<CustomerKey> keys = new ArrayList<>();
        try (KeyValueIterator<CustomerKey, Profile> all = projector.profiles().all()) {
            all.forEachRemaining(entry -> {
                if (entry.key.getWorkspaceId().equals(workspace)) {
                    keys.add(entry.key);
                }
            });
        }
        return keys;
    }

    @Test
    void shouldEraseEveryProfileOfADeletedWorkspaceAndPublishTheirTombstones() {
        // Given
        givenTwoWorkspacesWithTheSameIds();
        final List<CustomerKey> before = profileKeysOf(DELETED);
        assertThat(before).hasSizeGreaterThanOrEqualTo(3);

        // When
        whenTheWorkspaceIsDeletedAndTimePasses();

        // Then
        assertThat(profileKeysOf(DELETED)).isEmpty();
        final List<KeyValue<CustomerKey, Profile>> published = profilesOut.readKeyValuesToList();
        assertThat(published).allMatch(record -> record.value == null)
                .extracting(record -> record.key).containsExactlyInAnyOrderElementsOf(before);
        assertThat(profileKeysOf(KEPT)).hasSize(before.size());
        assertThat(projector.profiles().get(new CustomerKey(KEPT, "42")).getAttributes()).containsKey("plan");
    }

    @Test
    void shouldEraseIdentifiersCatalogAndDecisionsOfADeletedWorkspaceOnly() {
        // Given
        givenTwoWorkspacesWithTheSameIds();
        final int keptIdentifiers = keysOf(KEPT, ProjectorTopology.IDENTITY_INDEX_STORE).size();

        // When
        whenTheWorkspaceIsDeletedAndTimePasses();

        // Then
        for (final String store : List.of(ProjectorTopology.IDENTITY_INDEX_STORE, ProjectorTopology.PROFILE_IDENTITIES_STORE,
                ProjectorTopology.CATALOG_STORE, ProjectorTopology.CATALOG_DECISIONS_STORE,
                ProjectorTopology.PENDING_VALUES_STORE, ProjectorTopology.MERGE_JOURNALS_STORE)) {
            assertThat(keysOf(DELETED, store)).as(store).isEmpty();
        }
        assertThat(catalogOut.readKeyValuesToList()).isNotEmpty()
                .allMatch(record -> record.value == null && record.key.getWorkspaceId().equals(DELETED));
        assertThat(keysOf(KEPT, ProjectorTopology.IDENTITY_INDEX_STORE)).hasSize(keptIdentifiers);
        assertThat(keysOf(KEPT, ProjectorTopology.CATALOG_STORE)).isNotEmpty();
        assertThat(keysOf(KEPT, ProjectorTopology.CATALOG_DECISIONS_STORE)).isNotEmpty();
    }

    @Test
    void shouldEraseTheHistoryOfADeletedWorkspaceOnly() {
        // Given
        givenTwoWorkspacesWithTheSameIds();
        assertThat(historyKeysOf(DELETED)).isNotEmpty();
        assertThat(keysOf(DELETED, ProjectorTopology.HISTORY_HEADS_STORE)).isNotEmpty();
        final int kept = historyKeysOf(KEPT).size();

        // When
        whenTheWorkspaceIsDeletedAndTimePasses();

        // Then
        assertThat(historyKeysOf(DELETED)).isEmpty();
        assertThat(keysOf(DELETED, ProjectorTopology.HISTORY_HEADS_STORE)).isEmpty();
        assertThat(historyKeysOf(KEPT)).hasSize(kept);
    }

    private List<Bytes> historyKeysOf(final String workspace) {
        final KeyValueStore<Bytes, Object> history = projector.store(ProjectorTopology.HISTORY_STORE);
        final List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, Object> scan = history.prefixScan(workspace + "\u0000", new StringSerializer())) {
            scan.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }

    @Test
    void shouldNotApplyCommandsOfADeletedWorkspace() {
        // Given
        givenTwoWorkspacesWithTheSameIds();
        whenTheWorkspaceIsDeletedAndTimePasses();
        profilesOut.readRecordsToList();

        // When: commands written before the deletion arrive after it
        upsert(DELETED, "44", "late-r1", T3, Map.of("plan", "enterprise", "new_property", "x"));
        identify(DELETED, "late-r2", T3);
        projector.driver().advanceWallClockTime(WorkspaceErasure.INTERVAL);

        // Then
        assertThat(profileKeysOf(DELETED)).isEmpty();
        assertThat(profilesOut.readRecordsToList()).isEmpty();
        assertThat(keysOf(DELETED, ProjectorTopology.IDENTITY_INDEX_STORE)).isEmpty();
        assertThat(keysOf(DELETED, ProjectorTopology.CATALOG_DECISIONS_STORE)).isEmpty();
        assertThat(keysOf(DELETED, ProjectorTopology.CATALOG_STORE)).isEmpty();
    }
}
