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
 * the topic at start, so a restart re-reads every definition.
 */
public final class DefinitionIndexer implements Processor<WorkflowKey, WorkflowDefinition, Void, Void> {

    private static final Logger LOG = Logger.getLogger(DefinitionIndexer.class);

    private KeyValueStore<String, WorkflowDefinition> definitions;

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
        final String storeKey = DefinitionStore.key(key.getWorkspaceId(), key.getWorkflowId());
        if (record.value() == null) {
            definitions.delete(storeKey);
        } else {
            definitions.put(storeKey, record.value());
        }
    }
}
