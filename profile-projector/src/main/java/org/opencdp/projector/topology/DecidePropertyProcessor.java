package org.opencdp.projector.topology;

import java.util.Optional;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;
import org.opencdp.avro.CatalogCommand;
import org.opencdp.avro.PropertyDefinitionEntry;
import org.opencdp.avro.PropertyKey;
import org.opencdp.projector.catalog.CatalogDecider;
import org.opencdp.projector.catalog.CatalogDecision;
import org.opencdp.schemas.Topics;

/**
 * Decides each property of each workspace from its catalog commands, in log order (one partition per
 * property), keeps the decision in {@link ProjectorTopology#CATALOG_DECISIONS_STORE} and publishes it to
 * property-catalog, from where every partition of the fold receives it.
 */
final class DecidePropertyProcessor implements Processor<byte[], byte[], Object, Object> {

    private static final Logger LOG = Logger.getLogger(DecidePropertyProcessor.class);

    private final RecordDecoder<PropertyKey, CatalogCommand> decoder;
    private final CatalogDecider decider = new CatalogDecider();
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, PropertyDefinitionEntry> decisions;
    private DeadLetters deadLetters;

    DecidePropertyProcessor(final RecordDecoder<PropertyKey, CatalogCommand> decoder) {
        this.decoder = decoder;
    }

    @Override
    public void init(final ProcessorContext<Object, Object> context) {
        this.context = context;
        this.decisions = context.getStateStore(ProjectorTopology.CATALOG_DECISIONS_STORE);
        this.deadLetters = new DeadLetters(context, ProjectorTopology.CATALOG_DEAD_LETTER_SINK);
    }

    @Override
    public void process(final Record<byte[], byte[]> record) {
        final String topic = context.recordMetadata().map(m -> m.topic()).orElse(Topics.CATALOG_COMMANDS.name());
        switch (decoder.decode(topic, record.key(), record.value())) {
            case RecordDecoder.Decoded.Unreadable<PropertyKey, CatalogCommand> unreadable ->
                    deadLetters.send(record, "unreadable: " + unreadable.reason());
            case RecordDecoder.Decoded.Readable<PropertyKey, CatalogCommand> readable -> decide(record, readable);
        }
    }

    private void decide(final Record<byte[], byte[]> record,
                        final RecordDecoder.Decoded.Readable<PropertyKey, CatalogCommand> readable) {
        final CatalogCommand command = readable.value();
        final String storeKey = StoreKeys.property(command.getWorkspaceId(), command.getName());
        final PropertyKey key = new PropertyKey(command.getWorkspaceId(), command.getName());
        switch (decider.decide(readable.key(), command, Optional.ofNullable(decisions.get(storeKey)))) {
            case CatalogDecision.Defined defined -> {
                decisions.put(storeKey, defined.entry());
                context.forward(record.withKey(key).withValue(defined.entry()), ProjectorTopology.PROPERTY_CATALOG_SINK);
            }
            case CatalogDecision.Deleted ignored -> {
                decisions.delete(storeKey);
                context.forward(record.withKey(key).withValue(null), ProjectorTopology.PROPERTY_CATALOG_SINK);
            }
            case CatalogDecision.Unchanged unchanged ->
                    LOG.debugf("Catalog command %s changes nothing: %s", command.getCommandId(), unchanged.reason());
            case CatalogDecision.Rejected rejected -> deadLetters.send(record, "invalid: " + rejected.reason());
        }
    }
}
