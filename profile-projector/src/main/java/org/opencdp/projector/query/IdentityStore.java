package org.opencdp.projector.query;

import java.util.Optional;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.WorkspaceKey;
import org.opencdp.projector.topology.ProjectorTopology;
import org.opencdp.projector.topology.StoreKeys;
import org.opencdp.schemas.ConsistencyToken;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.SchemaRegistry;
import org.opencdp.platform.query.KeyOwners;
import org.opencdp.platform.query.Lookup;
import org.opencdp.platform.query.InstanceAddress;
import org.opencdp.platform.query.LocalStores;

/**
 * Interactive queries on {@link ProjectorTopology#IDENTITY_INDEX_STORE}: which profile holds an identifier. The
 * index of a workspace lives on the partition of identity-commands its {@link WorkspaceKey} maps to.
 */
@ApplicationScoped
public class IdentityStore {

    private final KeyOwners owners;
    private final LocalStores stores;
    private final Serializer<WorkspaceKey> keySerializer;

    IdentityStore(final KafkaStreams streams, final SchemaRegistry registry, final InstanceAddress self) {
        this.owners = new KeyOwners(streams, self);
        this.stores = new LocalStores(streams);
        // The producers' serializer, so the workspace maps to the partition its identity commands go to.
        this.keySerializer = Topics.IDENTITY_COMMANDS.keySerde(registry).serializer();
    }

    /** The id of the profile holding {@code identifier}; empty when no profile holds it. */
    public Lookup<Optional<String>> lookup(final String workspaceId, final Identifier identifier) {
        return lookup(workspaceId, identifier, ConsistencyToken.NONE);
    }

    /**
     * The id of the profile holding {@code identifier} once the identity-routed writes {@code after} names
     * (identity-commands positions) are resolved and committed; empty when no profile holds it.
     */
    public Lookup<Optional<String>> lookup(final String workspaceId, final Identifier identifier,
                                           final ConsistencyToken after) {
        return owners.lookup(ProjectorTopology.IDENTITY_INDEX_STORE, new WorkspaceKey(workspaceId), keySerializer,
                partition -> {
                    final OptionalLong unresolved = unresolved(partition, after);
                    if (unresolved.isPresent()) {
                        return new Lookup.Behind<>(partition, unresolved.getAsLong());
                    }
                    final ReadOnlyKeyValueStore<String, String> index =
                            stores.active(ProjectorTopology.IDENTITY_INDEX_STORE, partition);
                    return new Lookup.Found<>(Optional.ofNullable(index.get(StoreKeys.identifier(workspaceId, identifier))));
                });
    }

    /**
     * True once the identity-routed writes {@code after} names are resolved and committed by the workspace's
     * resolver: the commands they routed to customer-commands are then in that log, before its committed end.
     */
    public Lookup<Boolean> settled(final String workspaceId, final ConsistencyToken after) {
        return owners.lookup(ProjectorTopology.IDENTITY_INDEX_STORE, new WorkspaceKey(workspaceId), keySerializer,
                partition -> {
                    final OptionalLong unresolved = unresolved(partition, after);
                    return unresolved.isPresent() ? new Lookup.Behind<>(partition, unresolved.getAsLong())
                            : new Lookup.Found<>(true);
                });
    }

    /**
     * The token's offset for the workspace's partition while its resolver has not committed past it. Only
     * that entry counts: a workspace's identity requests all go to its one partition, so another partition's
     * entry names another workspace's write and waits for nothing.
     */
    private OptionalLong unresolved(final int partition, final ConsistencyToken after) {
        final OptionalLong offset = after.offsetFor(partition);
        return offset.isPresent()
                && !stores.committedPast(Topics.IDENTITY_COMMANDS.name(), partition, offset.getAsLong())
                ? offset : OptionalLong.empty();
    }
}
