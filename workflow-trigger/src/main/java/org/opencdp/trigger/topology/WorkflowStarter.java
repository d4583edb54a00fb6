package org.opencdp.trigger.topology;

import java.time.Duration;


import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.jboss.logging.Logger;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.platform.trace.Tracing;
import org.opencdp.trigger.run.TemplateLimits;
import org.opencdp.trigger.run.WorkflowMatcher;
import org.opencdp.trigger.run.WorkflowRuns;

/**
 * Starts every matching workflow of each enriched event, once per (event, workflow): a run whose
 * deterministic id is already in {@link RunStores#STARTED_RUNS} is not started again, so a re-delivered
 * event starts nothing twice. Each new run goes downstream (to the workflow-runs topic) and into
 * {@link RunStores#RUNS_BY_WORKFLOW} for queries. Under exactly_once_v2 the store updates, the runs and
 * the input offset commit together. A workflow whose run cannot be built (its template does not render, its
 * filter or context throws) gets a run recorded {@code failed} with the reason, once like any run; the event's
 * other workflows start as usual and the task goes on.
 */
public final class WorkflowStarter implements Processor<CustomerKey, EnrichedEvent, CustomerKey, WorkflowRun> {

    private static final Logger LOG = Logger.getLogger(WorkflowStarter.class);

    private final long retentionMs;
    private final TemplateLimits templateLimits;
    private final DefinitionCache cache;
    private ProcessorContext<CustomerKey, WorkflowRun> context;
    private KeyValueStore<String, WorkflowDefinition> definitions;
    private WindowStore<String, Long> startedRuns;
    private KeyValueStore<String, WorkflowRun> runs;
    private KeyValueStore<String, WorkflowRun> runsById;

    /** @param cache the topology's decoded definitions, which {@link DefinitionIndexer} keeps current */
    public WorkflowStarter(final Duration startedRunsRetention, final TemplateLimits templateLimits,
                           final DefinitionCache cache) {
        this.retentionMs = startedRunsRetention.toMillis();
        this.templateLimits = templateLimits;
        this.cache = cache;
    }

    @Override
    public void init(final ProcessorContext<CustomerKey, WorkflowRun> context) {
        this.context = context;
        definitions = context.getStateStore(DefinitionStore.NAME);
        startedRuns = context.getStateStore(RunStores.STARTED_RUNS);
        runs = context.getStateStore(RunStores.RUNS_BY_WORKFLOW);
        runsById = context.getStateStore(RunStores.RUNS_BY_ID);
    }

    @Override
    public void process(final Record<CustomerKey, EnrichedEvent> record) {
        final EnrichedEvent event = record.value();
        if (event == null) {
            return;
        }
        final CustomerKey key = new CustomerKey(event.getWorkspaceId(), event.getCustomerId());
        for (final WorkflowDefinition workflow : cache.triggeredBy(event.getWorkspaceId(), event.getName(),
                workspace -> DefinitionStore.of(definitions, workspace))) {
            final WorkflowRun run;
            try {
                if (!WorkflowMatcher.matches(event, workflow)) {
                    continue;
                }
                run = WorkflowRuns.start(event, workflow, templateLimits);
            } catch (RuntimeException e) {
                // One workflow that cannot be matched or started must not stop the others, nor the task.
                LOG.warnf(e, "Workflow %s could not start for event %s; its run is recorded failed",
                        workflow.getWorkflowId(), event.getEventId());
                record(record, key, WorkflowRuns.failed(event, workflow,
                        "the run could not be started: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
                continue;
            }
            if (WorkflowRuns.isFailed(run)) {
                LOG.warnf("Run %s of workflow %s failed: %s", run.getRunId(), workflow.getWorkflowId(),
                        run.getFailureReason());
            }
            record(record, key, run);
        }
    }

    /** Records the run (once per id) in the stores and sends it downstream. */
    private void record(final Record<CustomerKey, EnrichedEvent> record, final CustomerKey key, final WorkflowRun run) {
        if (alreadyStarted(run.getRunId(), record.timestamp())) {
            LOG.debugf("Run %s of workflow %s for event %s was already started", run.getRunId(), run.getWorkflowId(),
                    run.getEventId());
            return;
        }
        run.setTraceParent(Tracing.traceParent(record.headers()).orElse(null));
        startedRuns.put(run.getRunId(), record.timestamp(), record.timestamp());
        runs.put(RunStores.runKey(run.getWorkspaceId(), run.getWorkflowId(), run.getCustomerId(), run.getRunId()), run);
        runsById.put(RunStores.runIdKey(run.getWorkspaceId(), run.getRunId()), run);
        context.forward(record.withKey(key).withValue(run));
    }

    private boolean alreadyStarted(final String runId, final long timestamp) {
        final long from = Math.max(0, timestamp - retentionMs);
        final long to = timestamp > Long.MAX_VALUE - retentionMs ? Long.MAX_VALUE : timestamp + retentionMs;
        try (WindowStoreIterator<Long> it = startedRuns.fetch(runId, from, to)) {
            return it.hasNext();
        }
    }
}
