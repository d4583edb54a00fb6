package org.opencdp.projector.topology;

import java.util.Map;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.Profile;
import org.opencdp.projector.attribute.Coercion;
import org.opencdp.projector.attribute.PropertyTypes;
import org.opencdp.projector.customer.CommandValidator;
import org.opencdp.projector.customer.CustomerFolder;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.Topics;

/**
 * customer-commands → fold-command (profile-store) → profiles | enriched-events | customer-commands-dlq.
 *
 * <p>Commands are read as bytes and decoded by the fold itself: a record that is not a readable command
 * goes to the dead-letter topic in the same transaction as the offsets, instead of stopping the task.
 */
public final class ProjectorTopology {

    /** CustomerKey → Profile, persistent (RocksDB) with a compacted changelog. */
    public static final String PROFILE_STORE = "profile-store";

    static final String COMMANDS_SOURCE = "customer-commands-source";
    static final String FOLD_COMMAND = "fold-command";
    static final String PROFILES_SINK = "profiles-sink";
    static final String ENRICHED_EVENTS_SINK = "enriched-events-sink";
    static final String DEAD_LETTER_SINK = "customer-commands-dlq-sink";

    private ProjectorTopology() {
    }

    public static Topology build(final ProjectorConfig config) {
        final CustomerFolder folder = new CustomerFolder(PropertyTypes.ON_PROFILE, new Coercion(config.timeZone()),
                new CommandValidator(config.limits()));
        final Topic.Serdes<CustomerKey, Profile> profiles = Topics.PROFILES.serdes(config.registry());
        final Topic.Serdes<CustomerKey, EnrichedEvent> events = Topics.ENRICHED_EVENTS.serdes(config.registry());

        final Topology topology = new Topology();
        topology.addSource(COMMANDS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                Topics.CUSTOMER_COMMANDS.name());
        topology.addProcessor(FOLD_COMMAND,
                () -> new FoldCommandProcessor(new CommandDecoder(config.registry()), folder), COMMANDS_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PROFILE_STORE),
                        Topics.PROFILES.keySerde(config.registry()), Topics.PROFILES.valueSerde(config.registry()))
                .withLoggingEnabled(Map.of()), FOLD_COMMAND);
        topology.addSink(PROFILES_SINK, Topics.PROFILES.name(),
                profiles.key().serializer(), profiles.value().serializer(), FOLD_COMMAND);
        topology.addSink(ENRICHED_EVENTS_SINK, Topics.ENRICHED_EVENTS.name(),
                events.key().serializer(), events.value().serializer(), FOLD_COMMAND);
        topology.addSink(DEAD_LETTER_SINK, Topics.CUSTOMER_COMMANDS_DLQ,
                new ByteArraySerializer(), new ByteArraySerializer(), FOLD_COMMAND);
        return topology;
    }
}
