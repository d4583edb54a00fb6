package org.opencdp.projector.query;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.WorkspaceKey;
import org.opencdp.projector.topology.ProjectorTopology;
import org.opencdp.projector.topology.StoreKeys;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.SchemaRegistry;
import org.opencdp.platform.query.Lookup;
import org.opencdp.platform.query.InstanceAddress;
import org.opencdp.platform.query.LocalStores;

/**
 * Interactive queries on {@link ProjectorTopology#IDENTITY_INDEX_STORE}: which profile holds an identifier. The
 * index of a workspace lives on the partition of identity-commands its {@link WorkspaceKey} maps to.
 */
@ApplicationScoped
public class IdentityStore {

    private final KafkaStreams streams;
    private final LocalStores stores;
    private final Serializer<WorkspaceKey> keySerializer;
    private final InstanceAddress self;

    IdentityStore(final KafkaStreams streams, final SchemaRegistry registry, final InstanceAddress self) {
        this.streams = streams;
        this.stores = new LocalStores(streams);
        // The producers' serializer, so the workspace maps to the partition its identity commands go to.
        this.keySerializer = Topics.IDENTITY_COMMANDS.keySerde(registry).serializer();
        this.self = self;
    }

    /** The id of the profile holding {@code identifier}; empty when no profile holds it. */
    public Lookup<Optional<String>> lookup(final String workspaceId, final Identifier identifier) {
        final KafkaStreams.State state = streams.state();
        if (!state.isRunningOrRebalancing()) {
            return new Lookup.Unavailable<>("Kafka Streams is " + state);
        }
        try {
            final KeyQueryMetadata owner = streams.queryMetadataForKey(ProjectorTopology.IDENTITY_INDEX_STORE,
                    new WorkspaceKey(workspaceId), keySerializer);
            if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
                return new Lookup.Unavailable<>("no instance owns the workspace's identity partition yet");
            }
            if (!self.host().equals(owner.activeHost())) {
                return new Lookup.HeldBy<>(owner.activeHost());
            }
            final ReadOnlyKeyValueStore<String, String> index = stores.active(ProjectorTopology.IDENTITY_INDEX_STORE,
                    owner.partition());
            return new Lookup.Found<>(Optional.ofNullable(index.get(StoreKeys.identifier(workspaceId, identifier))));
        } catch (InvalidStateStoreException | IllegalStateException e) {
            return new Lookup.Unavailable<>(e.getMessage());
        }
    }
}
