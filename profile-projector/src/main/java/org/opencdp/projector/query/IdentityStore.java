package org.opencdp.projector.query;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.WorkspaceKey;
import org.opencdp.projector.topology.ProjectorTopology;
import org.opencdp.projector.topology.StoreKeys;
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
        return owners.lookup(ProjectorTopology.IDENTITY_INDEX_STORE, new WorkspaceKey(workspaceId), keySerializer,
                partition -> {
                    final ReadOnlyKeyValueStore<String, String> index =
                            stores.active(ProjectorTopology.IDENTITY_INDEX_STORE, partition);
                    return new Lookup.Found<>(Optional.ofNullable(index.get(StoreKeys.identifier(workspaceId, identifier))));
                });
    }
}
