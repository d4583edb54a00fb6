package org.opencdp.trigger.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.avro.WorkflowKey;

/**
 * Keeps the global {@link DefinitionStore} in step with the compacted workflows topic: a definition
 * replaces the one with the same key, a tombstone deletes it. It also runs when the store is rebuilt from
 * the topic at start, so a restart re-reads every definition. A definition whose key cannot be stored is
 * left out with a warning rather than stopping the global thread.
 */
public final class DefinitionIndexer implements Processor<WorkflowKey, WorkflowDefinition, Void, Void> {

    private static final Logger LOG = Logger.getLogger(DefinitionIndexer.class);

    private final DefinitionCache cache;
    private KeyValueStore<String, WorkflowDefinition> definitions;

    /** @param cache the topology's decoded definitions, told of every write after the store has it */
    public DefinitionIndexer(final DefinitionCache cache) {
        this.cache = cache;
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        definitions = context.getStateStore(DefinitionStore.NAME);
    }

    @Override
    public void process(final Record<WorkflowKey, WorkflowDefinition> record) {
        final WorkflowKey key = record.key();
        if (key == null) {
            LOG.warnf("Ignoring a workflow definition without a key (timestamp %d)", record.timestamp());
            return;
        }
        final String storeKey;
        try {
            storeKey = DefinitionStore.key(key.getWorkspaceId(), key.getWorkflowId());
        } catch (final IllegalArgumentException unstorable) {
            // A key the API never writes (an id holding U+0000, produced straight to the topic). A global store
            // has no task transaction to dead-letter it in, and an exception here would end the global thread and
            // put the service in ERROR for every workspace: it is logged with its reason and left out.
            LOG.warnf("Ignoring a workflow definition whose key cannot be stored (timestamp %d): %s",
                    record.timestamp(), unstorable.getMessage());
            return;
        }
        if (record.value() == null) {
            definitions.delete(storeKey);
        } else {
            definitions.put(storeKey, record.value());
        }
        cache.changed();
    }
}
