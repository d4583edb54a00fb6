package org.opencdp.trigger.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.WorkflowRun;

/** Indexes each started run by its customer ({@link CustomerRuns#RUNS_BY_CUSTOMER}), in the run's transaction. */
public final class RunIndexer implements Processor<CustomerKey, WorkflowRun, Void, Void> {

    private KeyValueStore<String, String> index;

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        index = context.getStateStore(CustomerRuns.RUNS_BY_CUSTOMER);
    }

    @Override
    public void process(final Record<CustomerKey, WorkflowRun> record) {
        final WorkflowRun run = record.value();
        if (run != null) {
            index.put(CustomerRuns.key(run.getWorkspaceId(), run.getCustomerId(), run.getRunId()), run.getWorkflowId());
        }
    }
}
