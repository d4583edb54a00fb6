package org.opencdp.projector.topology;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.Stores;
import org.opencdp.avro.CatalogCommand;
import org.opencdp.avro.CatalogSweep;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.HistoryStep;
import org.opencdp.avro.HistoryHead;
import org.opencdp.avro.IdentityCommand;
import org.opencdp.avro.MergeJournal;
import org.opencdp.avro.PendingValue;
import org.opencdp.avro.Profile;
import org.opencdp.avro.SegmentBackfill;
import org.opencdp.avro.SegmentBackfillKey;
import org.opencdp.avro.SegmentMembership;
import org.opencdp.avro.SegmentMembershipKey;
import org.opencdp.avro.SegmentSize;
import org.opencdp.avro.SegmentSizeKey;
import org.opencdp.avro.ProfileIdentity;
import org.opencdp.avro.PropertyDefinitionEntry;
import org.opencdp.avro.PropertyKey;
import org.opencdp.avro.WorkspaceKey;
import org.opencdp.platform.streams.NodeNames;
import org.opencdp.platform.streams.ContainedProcessor;
import org.opencdp.platform.streams.RecordDecoder;
import org.opencdp.projector.customer.CommandValidator;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.AvroSerde;

/**
 * Three sub-topologies (docs/catalog.md, docs/identity.md):
 * <pre>
 * customer-commands → fold-command ─┬→ profiles | enriched-events | customer-commands-dlq
 *                                   ├→ segment-memberships (entries and exits, beside segment.entered/exited events)
 *                                   ├→ segment-backfills (each partition's completed walk over its profiles)
 *                                   ├→ segment-sizes (each partition's member count of each segment)
 *                                   ├→ catalog-commands (proposals for undecided properties)
 *                                   ├→ customer-commands (to a survivor: forwarded commands, absorbed profiles)
 *                                   └→ identity-commands (profiles registered, released, un-merged)
 * identity-commands → resolve-identity (identity-index, profile-identities) → customer-commands | identity-commands-dlq
 * catalog-commands → decide-property (catalog-decisions) → property-catalog (to every partition) | catalog-commands-dlq
 * property-catalog → apply-catalog → profiles (settled and conformed values) | property-catalog-dlq
 * </pre>
 * fold-command and apply-catalog share profile-store, catalog-store and pending-values, so each partition of
 * customer-commands is folded beside its own copy of the whole catalog. Commands are read as bytes and
 * decoded by the processors, each inside a {@link ContainedProcessor}: a record that is unreadable, invalid, or
 * whose apply throws goes to its topic's dead-letter topic in the same transaction as the offsets, instead of
 * stopping the task.
 */
public final class ProjectorTopology {

    /** CustomerKey → Profile, persistent (RocksDB) with a compacted changelog. */
    public static final String PROFILE_STORE = "profile-store";
    /** workspace U+0000 property → decided definition: this partition's copy of every workspace's catalog. */
    public static final String CATALOG_STORE = "catalog-store";
    /** workspace U+0000 property U+0000 customer → a value written before the property was decided. */
    public static final String PENDING_VALUES_STORE = "pending-values";
    /** workspace U+0000 command id → time applied, for commands with an idempotency key, for the dedup window. */
    public static final String APPLIED_COMMANDS_STORE = "applied-commands";
    /** workspace U+0000 property → a catalog change still being applied to this partition's profiles (CatalogSweeps). */
    public static final String CATALOG_SWEEPS_STORE = "catalog-sweeps";
    /** workspace U+0000 property → the one decision per property (the partition of catalog-commands that owns it). */
    public static final String CATALOG_DECISIONS_STORE = "catalog-decisions";

    /** workspace U+0000 kind U+0000 name U+0000 value → the profile the identifier was assigned to. */
    public static final String IDENTITY_INDEX_STORE = "identity-index";
    /** workspace U+0000 profile → its age, identifiers and survivor, as the resolver knows them. */
    public static final String PROFILE_IDENTITIES_STORE = "profile-identities";
    /**
     * workspace U+0000 customer U+0000 descending time and sequence (bytes, {@code HistoryKey}) → one change of
     * the profile: its history, newest first (docs/history.md).
     */
    public static final String HISTORY_STORE = "customer-history";
    /** workspace U+0000 customer → where its next history entry is filed, and what the history's bounds need. */
    public static final String HISTORY_HEADS_STORE = "history-heads";
    /** workspace U+0000 survivor U+0000 merge id → what undoing that merge needs. */
    public static final String MERGE_JOURNALS_STORE = "merge-journals";
    /** workspace U+0000 customer → the ids of the segments it is in (docs/segments.md). */
    public static final String SEGMENT_MEMBERSHIPS_STORE = "segment-memberships-store";
    /** workspace U+0000 customer → its counts of the events some segment of its workspace counts. */
    public static final String EVENT_COUNTS_STORE = "event-counts";
    /** workspace U+0000 customer → the instant (ms) a membership of it can next change with nothing written. */
    public static final String SEGMENT_NEXT_CHANGE_STORE = "segment-next-change";
    /** instant (zero-padded ms) U+0000 workspace U+0000 customer: who is due when, for the segment clock. */
    public static final String SEGMENT_DUE_STORE = "segment-due";
    /** workspace U+0000 segment U+0000 customer → nothing: this partition's members of each segment, in order. */
    public static final String SEGMENT_MEMBERS_STORE = "segment-members";
    /** workspace U+0000 segment → how many members it has on this partition. */
    public static final String SEGMENT_SIZES_STORE = "segment-sizes-store";
    /** target / cursor / done → this partition's segment backfill (CustomerSegments). */
    public static final String SEGMENT_BACKFILL_STORE = "segment-backfill";

    static final String COMMANDS_SOURCE = NodeNames.source(Topics.CUSTOMER_COMMANDS.name());
    static final String FOLD_COMMAND = "fold-command";
    static final String PROFILES_SINK = NodeNames.sink(Topics.PROFILES.name());
    static final String ENRICHED_EVENTS_SINK = NodeNames.sink(Topics.ENRICHED_EVENTS.name());
    static final String SEGMENT_MEMBERSHIPS_SINK = NodeNames.sink(Topics.SEGMENT_MEMBERSHIPS.name());
    static final String SEGMENT_BACKFILLS_SINK = NodeNames.sink(Topics.SEGMENT_BACKFILLS.name());
    static final String SEGMENT_SIZES_SINK = NodeNames.sink(Topics.SEGMENT_SIZES.name());
    static final String DEAD_LETTER_SINK = NodeNames.sink(Topics.CUSTOMER_COMMANDS_DLQ);
    static final String CATALOG_COMMANDS_SINK = NodeNames.sink(Topics.CATALOG_COMMANDS.name());
    static final String CATALOG_COMMANDS_SOURCE = NodeNames.source(Topics.CATALOG_COMMANDS.name());
    static final String DECIDE_PROPERTY = "decide-property";
    static final String PROPERTY_CATALOG_SINK = NodeNames.sink(Topics.PROPERTY_CATALOG.name());
    static final String CATALOG_DEAD_LETTER_SINK = NodeNames.sink(Topics.CATALOG_COMMANDS_DLQ);
    static final String PROPERTY_CATALOG_SOURCE = NodeNames.source(Topics.PROPERTY_CATALOG.name());
    static final String APPLY_CATALOG = "apply-catalog";
    static final String PROPERTY_CATALOG_DEAD_LETTER_SINK = NodeNames.sink(Topics.PROPERTY_CATALOG_DLQ);
    static final String FOLD_COMMANDS_SINK = "fold-customer-commands-sink";
    static final String FOLD_IDENTITY_SINK = "fold-identity-commands-sink";
    static final String IDENTITY_COMMANDS_SOURCE = NodeNames.source(Topics.IDENTITY_COMMANDS.name());
    static final String RESOLVE_IDENTITY = "resolve-identity";
    static final String IDENTITY_COMMANDS_TO_CUSTOMERS_SINK = "resolved-customer-commands-sink";
    static final String IDENTITY_DEAD_LETTER_SINK = NodeNames.sink(Topics.IDENTITY_COMMANDS_DLQ);

    private ProjectorTopology() {
    }

    public static Topology build(final ProjectorConfig config) {
        return build(config, new CatalogDefinitions());
    }

    /** As {@link #build(ProjectorConfig)}, the fold's decoded catalog given: a test that writes a store itself clears it. */
    static Topology build(final ProjectorConfig config, final CatalogDefinitions catalogDefinitions) {
        final Topic.Serdes<CustomerKey, Profile> profiles = Topics.PROFILES.serdes(config.registry());
        final Topic.Serdes<CustomerKey, EnrichedEvent> events = Topics.ENRICHED_EVENTS.serdes(config.registry());
        final Topic.Serdes<PropertyKey, CatalogCommand> catalogCommands = Topics.CATALOG_COMMANDS.serdes(config.registry());
        final Topic.Serdes<PropertyKey, PropertyDefinitionEntry> catalog = Topics.PROPERTY_CATALOG.serdes(config.registry());
        final Topic.Serdes<CustomerKey, CustomerCommand> commands = Topics.CUSTOMER_COMMANDS.serdes(config.registry());
        final Topic.Serdes<WorkspaceKey, IdentityCommand> identity = Topics.IDENTITY_COMMANDS.serdes(config.registry());

        final Topology topology = new Topology();
        topology.addSource(COMMANDS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                Topics.CUSTOMER_COMMANDS.name());
        topology.addProcessor(FOLD_COMMAND, () -> new ContainedProcessor<>(
                new RecordDecoder<>(Topics.CUSTOMER_COMMANDS, config.registry()), Topics.CUSTOMER_COMMANDS.name(),
                DEAD_LETTER_SINK, CustomerCommand::getRequestId, new FoldCommandProcessor(config, catalogDefinitions)), COMMANDS_SOURCE);
        topology.addSource(PROPERTY_CATALOG_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                Topics.PROPERTY_CATALOG.name());
        topology.addProcessor(APPLY_CATALOG, () -> new ContainedProcessor<>(
                RecordDecoder.withTombstones(Topics.PROPERTY_CATALOG, config.registry()), Topics.PROPERTY_CATALOG.name(),
                PROPERTY_CATALOG_DEAD_LETTER_SINK, PropertyDefinitionEntry::getCreatedByRequestId,
                new ApplyCatalogProcessor(config, catalogDefinitions)), PROPERTY_CATALOG_SOURCE);
        topology.addSink(PROPERTY_CATALOG_DEAD_LETTER_SINK, Topics.PROPERTY_CATALOG_DLQ,
                new ByteArraySerializer(), new ByteArraySerializer(), APPLY_CATALOG);

        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PROFILE_STORE),
                profiles.key(), profiles.value()).withLoggingEnabled(Map.of()), FOLD_COMMAND, APPLY_CATALOG);
        // Cached: the fold reads a definition for every attribute of every command, and the catalog is small,
        // so the reads stay in the thread's cache instead of going to RocksDB (docs/benchmark.md).
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CATALOG_STORE),
                Serdes.String(), catalog.value()).withLoggingEnabled(Map.of()).withCachingEnabled(),
                FOLD_COMMAND, APPLY_CATALOG);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_VALUES_STORE),
                        Serdes.String(), AvroSerde.forValues(PendingValue.class, config.registry()))
                .withLoggingEnabled(Map.of()), FOLD_COMMAND, APPLY_CATALOG);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HISTORY_STORE),
                        Serdes.Bytes(), AvroSerde.forValues(HistoryStep.class, config.registry()))
                .withLoggingEnabled(Map.of()), FOLD_COMMAND, APPLY_CATALOG);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HISTORY_HEADS_STORE),
                        Serdes.String(), AvroSerde.forValues(HistoryHead.class, config.registry()))
                .withLoggingEnabled(Map.of()), FOLD_COMMAND, APPLY_CATALOG);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CATALOG_SWEEPS_STORE),
                        Serdes.String(), AvroSerde.forValues(CatalogSweep.class, config.registry()))
                .withLoggingEnabled(Map.of()), APPLY_CATALOG);
        topology.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(APPLIED_COMMANDS_STORE,
                        config.dedupWindow(), config.dedupWindow(), false), Serdes.String(), Serdes.Long())
                .withLoggingEnabled(Map.of()), FOLD_COMMAND);

        topology.addSink(PROFILES_SINK, Topics.PROFILES.name(),
                profiles.key().serializer(), profiles.value().serializer(), FOLD_COMMAND, APPLY_CATALOG);
        topology.addSink(ENRICHED_EVENTS_SINK, Topics.ENRICHED_EVENTS.name(),
                events.key().serializer(), events.value().serializer(), FOLD_COMMAND, APPLY_CATALOG);
        topology.addSink(DEAD_LETTER_SINK, Topics.CUSTOMER_COMMANDS_DLQ,
                new ByteArraySerializer(), new ByteArraySerializer(), FOLD_COMMAND);
        topology.addSink(CATALOG_COMMANDS_SINK, Topics.CATALOG_COMMANDS.name(),
                catalogCommands.key().serializer(), catalogCommands.value().serializer(), FOLD_COMMAND);

        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEGMENT_MEMBERSHIPS_STORE),
                Serdes.String(), Serdes.String()).withLoggingEnabled(Map.of()), FOLD_COMMAND, APPLY_CATALOG);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EVENT_COUNTS_STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingEnabled(Map.of()), FOLD_COMMAND, APPLY_CATALOG);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEGMENT_NEXT_CHANGE_STORE),
                Serdes.String(), Serdes.Long()).withLoggingEnabled(Map.of()), FOLD_COMMAND, APPLY_CATALOG);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEGMENT_DUE_STORE),
                Serdes.String(), Serdes.String()).withLoggingEnabled(Map.of()), FOLD_COMMAND, APPLY_CATALOG);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEGMENT_MEMBERS_STORE),
                Serdes.String(), Serdes.String()).withLoggingEnabled(Map.of()), FOLD_COMMAND, APPLY_CATALOG);
        // Cached: every entry and exit counts, on a handful of keys (one per segment and partition), so the cache
        // folds a commit interval's counts of one segment into one changelog record instead of one per change.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEGMENT_SIZES_STORE),
                Serdes.String(), Serdes.Long()).withLoggingEnabled(Map.of()).withCachingEnabled(),
                FOLD_COMMAND, APPLY_CATALOG);
        final Topic.Serdes<SegmentSizeKey, SegmentSize> sizes = Topics.SEGMENT_SIZES.serdes(config.registry());
        topology.addSink(SEGMENT_SIZES_SINK, Topics.SEGMENT_SIZES.name(),
                sizes.key().serializer(), sizes.value().serializer(), FOLD_COMMAND, APPLY_CATALOG);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEGMENT_BACKFILL_STORE),
                Serdes.String(), Serdes.String()).withLoggingEnabled(Map.of()), FOLD_COMMAND, APPLY_CATALOG);
        final Topic.Serdes<SegmentBackfillKey, SegmentBackfill> backfills = Topics.SEGMENT_BACKFILLS.serdes(config.registry());
        topology.addSink(SEGMENT_BACKFILLS_SINK, Topics.SEGMENT_BACKFILLS.name(),
                backfills.key().serializer(), backfills.value().serializer(), FOLD_COMMAND, APPLY_CATALOG);
        final Topic.Serdes<SegmentMembershipKey, SegmentMembership> members = Topics.SEGMENT_MEMBERSHIPS.serdes(config.registry());
        topology.addSink(SEGMENT_MEMBERSHIPS_SINK, Topics.SEGMENT_MEMBERSHIPS.name(),
                members.key().serializer(), members.value().serializer(), FOLD_COMMAND, APPLY_CATALOG);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MERGE_JOURNALS_STORE),
                Serdes.String(), AvroSerde.forValues(MergeJournal.class, config.registry())).withLoggingEnabled(Map.of()),
                FOLD_COMMAND);
        topology.addSink(FOLD_COMMANDS_SINK, Topics.CUSTOMER_COMMANDS.name(),
                commands.key().serializer(), commands.value().serializer(), FOLD_COMMAND);
        topology.addSink(FOLD_IDENTITY_SINK, Topics.IDENTITY_COMMANDS.name(),
                identity.key().serializer(), identity.value().serializer(), FOLD_COMMAND);

        topology.addSource(IDENTITY_COMMANDS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                Topics.IDENTITY_COMMANDS.name());
        topology.addProcessor(RESOLVE_IDENTITY, () -> new ContainedProcessor<>(
                new RecordDecoder<>(Topics.IDENTITY_COMMANDS, config.registry()), Topics.IDENTITY_COMMANDS.name(),
                IDENTITY_DEAD_LETTER_SINK, IdentityCommand::getRequestId, new ResolveIdentityProcessor(
                        new CommandValidator(config.limits()), config.deleted())),
                IDENTITY_COMMANDS_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(IDENTITY_INDEX_STORE),
                Serdes.String(), Serdes.String()).withLoggingEnabled(Map.of()), RESOLVE_IDENTITY);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PROFILE_IDENTITIES_STORE),
                Serdes.String(), AvroSerde.forValues(ProfileIdentity.class, config.registry()))
                .withLoggingEnabled(Map.of()), RESOLVE_IDENTITY);
        topology.addSink(IDENTITY_COMMANDS_TO_CUSTOMERS_SINK, Topics.CUSTOMER_COMMANDS.name(),
                commands.key().serializer(), commands.value().serializer(), RESOLVE_IDENTITY);
        topology.addSink(IDENTITY_DEAD_LETTER_SINK, Topics.IDENTITY_COMMANDS_DLQ,
                new ByteArraySerializer(), new ByteArraySerializer(), RESOLVE_IDENTITY);

        topology.addSource(CATALOG_COMMANDS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                Topics.CATALOG_COMMANDS.name());
        topology.addProcessor(DECIDE_PROPERTY, () -> new ContainedProcessor<>(
                new RecordDecoder<>(Topics.CATALOG_COMMANDS, config.registry()), Topics.CATALOG_COMMANDS.name(),
                CATALOG_DEAD_LETTER_SINK, CatalogCommand::getRequestId, new DecidePropertyProcessor(config.deleted())),
                CATALOG_COMMANDS_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CATALOG_DECISIONS_STORE),
                Serdes.String(), catalog.value()).withLoggingEnabled(Map.of()), DECIDE_PROPERTY);
        topology.addSink(PROPERTY_CATALOG_SINK, Topics.PROPERTY_CATALOG.name(), catalog.key().serializer(),
                catalog.value().serializer(), toEveryPartition(), DECIDE_PROPERTY);
        topology.addSink(CATALOG_DEAD_LETTER_SINK, Topics.CATALOG_COMMANDS_DLQ,
                new ByteArraySerializer(), new ByteArraySerializer(), DECIDE_PROPERTY);
        return topology;
    }

    /** Every definition goes to every partition: each partition of the fold needs the whole catalog. */
    private static StreamPartitioner<PropertyKey, PropertyDefinitionEntry> toEveryPartition() {
        return (topic, key, value, partitions) -> Optional.of(
                IntStream.range(0, partitions).boxed().collect(Collectors.toUnmodifiableSet()));
    }
}
