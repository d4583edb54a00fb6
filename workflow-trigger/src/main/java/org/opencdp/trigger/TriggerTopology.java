package org.opencdp.trigger;

import java.time.Duration;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.avro.WorkflowKey;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.platform.streams.RetryingDeserializer;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.Topics;
import org.opencdp.trigger.run.RunStores;
import org.opencdp.trigger.run.WorkflowStarter;
import org.opencdp.trigger.workflow.DefinitionIndexer;
import org.opencdp.trigger.workflow.DefinitionStore;

/**
 * The trigger's processing:
 * <pre>
 * workflows ──▶ workflows-source ──▶ index-workflow-definitions ──▶ [workflow-definitions] (global)
 *
 * enriched-events ──▶ enriched-events-source ──▶ start-workflows ──▶ workflow-runs-sink ──▶ workflow-runs
 *                                                  │ reads [workflow-definitions]
 *                                                  └ writes [started-runs], [runs-by-workflow]
 * </pre>
 * Future trigger kinds (attribute changes, lifecycle) are further sources feeding processors that emit
 * runs to the same sink and stores.
 */
public final class TriggerTopology {

    public static final String WORKFLOWS_SOURCE = "workflows-source";
    public static final String INDEX_DEFINITIONS = "index-workflow-definitions";
    public static final String ENRICHED_EVENTS_SOURCE = "enriched-events-source";
    public static final String START_WORKFLOWS = "start-workflows";
    public static final String WORKFLOW_RUNS_SINK = "workflow-runs-sink";

    /** A started run id is one entry per window; the window size only has to be positive. */
    private static final Duration STARTED_RUN_WINDOW = Duration.ofMillis(1);

    /** The global thread's wait for an unreachable schema registry: as cdp.streams.transient-backoff's defaults. */
    private static final Duration GLOBAL_RETRY_FIRST = Duration.ofSeconds(1);
    private static final Duration GLOBAL_RETRY_MAX = Duration.ofSeconds(15);

    private TriggerTopology() {
    }

    private static <T> RetryingDeserializer<T> retrying(final Deserializer<T> deserializer) {
        return new RetryingDeserializer<>(deserializer, GLOBAL_RETRY_FIRST, GLOBAL_RETRY_MAX);
    }

    public static Topology build(final TriggerConfig config) {
        final Topic.Serdes<WorkflowKey, WorkflowDefinition> workflows = Topics.WORKFLOWS.serdes(config.registry());
        final Topic.Serdes<CustomerKey, EnrichedEvent> events = Topics.ENRICHED_EVENTS.serdes(config.registry());
        final Topic.Serdes<CustomerKey, WorkflowRun> runs = Topics.WORKFLOW_RUNS.serdes(config.registry());
        final Topology topology = new Topology();

        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DefinitionStore.NAME),
                        Serdes.String(), workflows.value()).withLoggingDisabled(),
                // The global thread cannot be replaced: it waits out a registry outage in place.
                WORKFLOWS_SOURCE, retrying(workflows.key().deserializer()), retrying(workflows.value().deserializer()),
                Topics.WORKFLOWS.name(), INDEX_DEFINITIONS, DefinitionIndexer::new);

        topology.addSource(ENRICHED_EVENTS_SOURCE, events.key().deserializer(), events.value().deserializer(),
                Topics.ENRICHED_EVENTS.name());
        topology.addProcessor(START_WORKFLOWS, () -> new WorkflowStarter(config.startedRunsRetention()),
                ENRICHED_EVENTS_SOURCE);
        topology.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(RunStores.STARTED_RUNS, config.startedRunsRetention(),
                        STARTED_RUN_WINDOW, false),
                Serdes.String(), Serdes.Long()), START_WORKFLOWS);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(RunStores.RUNS_BY_WORKFLOW), Serdes.String(), runs.value()),
                START_WORKFLOWS);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(RunStores.RUNS_BY_ID), Serdes.String(), runs.value()),
                START_WORKFLOWS);
        topology.addSink(WORKFLOW_RUNS_SINK, Topics.WORKFLOW_RUNS.name(), runs.key().serializer(),
                runs.value().serializer(), START_WORKFLOWS);
        return topology;
    }
}
