package org.opencdp.projector.query;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.Profile;
import org.opencdp.projector.topology.ProjectorTopology;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.SchemaRegistry;

/**
 * Interactive queries on {@link ProjectorTopology#PROFILE_STORE}: finds the instance that owns a key's
 * partition, and when it is this one, reads the key with an IQv2 key query pinned to that partition.
 */
@ApplicationScoped
public class ProfileStore {

    private final KafkaStreams streams;
    private final Serializer<CustomerKey> keySerializer;
    private final HostInfo self;

    ProfileStore(final KafkaStreams streams, final SchemaRegistry registry,
                 @ConfigProperty(name = "quarkus.kafka-streams.application-server") final String applicationServer) {
        this.streams = streams;
        // The same serializer as the producers of customer-commands, so the key maps to the same partition.
        this.keySerializer = Topics.CUSTOMER_COMMANDS.keySerde(registry).serializer();
        this.self = HostInfo.buildFromEndpoint(applicationServer);
        if (self == null) {
            throw new IllegalStateException("Set quarkus.kafka-streams.application-server to host:port");
        }
    }

    /** The host:port other instances reach this one at. */
    public String selfAddress() {
        return self.host() + ":" + self.port();
    }

    Lookup lookup(final CustomerKey key) {
        final KafkaStreams.State state = streams.state();
        if (!state.isRunningOrRebalancing()) {
            return new Lookup.Unavailable("Kafka Streams is " + state);
        }
        try {
            final KeyQueryMetadata owner = streams.queryMetadataForKey(ProjectorTopology.PROFILE_STORE, key, keySerializer);
            if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
                return new Lookup.Unavailable("no instance owns the key's partition yet");
            }
            if (!self.equals(owner.activeHost())) {
                return new Lookup.OwnedBy(owner.activeHost());
            }
            return local(key, owner.partition());
        } catch (InvalidStateStoreException | IllegalStateException e) {
            // The state changed between the check above and the call (started, stopping, rebalancing).
            return new Lookup.Unavailable(e.getMessage());
        }
    }

    private Lookup local(final CustomerKey key, final int partition) {
        final StateQueryRequest<Profile> request = StateQueryRequest.inStore(ProjectorTopology.PROFILE_STORE)
                .withQuery(KeyQuery.<CustomerKey, Profile>withKey(key))
                .withPartitions(Set.of(partition))
                .requireActive();
        final QueryResult<Profile> result = streams.query(request).getPartitionResults().get(partition);
        if (result == null) {
            return new Lookup.Unavailable("partition " + partition + " gave no result");
        }
        if (result.isFailure()) {
            return new Lookup.Unavailable(result.getFailureReason() + ": " + result.getFailureMessage());
        }
        return Optional.ofNullable(result.getResult()).<Lookup>map(Lookup.Found::new).orElseGet(Lookup.Absent::new);
    }
}
