package org.opencdp.trigger.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.trigger.Fixtures.EVENT_TIME;
import static org.opencdp.trigger.Fixtures.event;
import static org.opencdp.trigger.Fixtures.workflow;

import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.avro.WorkflowKey;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.trigger.Fixtures;
import org.opencdp.embedded.StreamsTestDriver;
import org.opencdp.schemas.Topics;

/**
 * The global workflows store and what the stream threads see of it. It survives a definition whose key no API
 * call could have written: an id holding U+0000, produced straight to the compacted topic. The store key
 * encoding refuses it, and the refusal must not end the global thread (which would stop every workflow of every
 * workspace). Definitions cached for events ({@link DefinitionCache}) follow every write of the store.
 */
class WorkflowDefinitionsTopologyTest {

    @RegisterExtension
    final TriggerDriver trigger = new TriggerDriver();
    private TestOutputTopic<CustomerKey, WorkflowRun> runs;

    @BeforeEach
    void startDriver(@TempDir final Path stateDir) {
        trigger.start(StreamsTestDriver.properties("workflow-definitions-test", stateDir));
        runs = trigger.output(Topics.WORKFLOW_RUNS);
    }

    @Test
    void shouldLeaveOutADefinitionWhoseKeyCannotBeStoredAndKeepIndexingTheNext() {
        // Given a definition produced straight to the topic under a workspace holding U+0000
        final WorkflowDefinition unstorable = workflow("demo\u0000", "wf-x", "signup", true);
        trigger.define(unstorable);

        // When an ordinary definition follows and a matching event arrives
        final WorkflowDefinition welcome = workflow("demo", "wf-a", "signup", true);
        trigger.define(welcome);
        final EnrichedEvent signup = event("demo", "req-1:0", "signup", Map.of());
        trigger.events().pipeInput(new CustomerKey("demo", "c-1"), signup, EVENT_TIME);

        // Then the ordinary workflow is indexed and starts, and the unstorable one is nowhere
        assertThat(runs.readValuesToList()).extracting(WorkflowRun::getWorkflowId).containsExactly("wf-a");
        assertThat(trigger.driver().getKeyValueStore(DefinitionStore.NAME).approximateNumEntries()).isEqualTo(1);
    }

    @Test
    void shouldStartAWorkflowDefinedAfterAnEventOfItsWorkspaceAndStopAfterItIsChangedOrDeleted() {
        // Given an event of the workspace, seen before it had a workflow for that event (its definitions are cached)
        trigger.define(workflow("demo", "wf-other", "purchase", true));
        trigger.events().pipeInput(new CustomerKey("demo", "c-1"), event("demo", "req-1:0", "signup", Map.of()), EVENT_TIME);
        assertThat(runs.readValuesToList()).isEmpty();

        // When a workflow for that event is defined, and another event comes
        trigger.define(workflow("demo", "wf-a", "signup", true));
        trigger.events().pipeInput(new CustomerKey("demo", "c-1"), event("demo", "req-2:0", "signup", Map.of()), EVENT_TIME);

        // Then it starts
        assertThat(runs.readValuesToList()).extracting(WorkflowRun::getWorkflowId).containsExactly("wf-a");

        // When it is disabled, then the next event starts nothing
        trigger.define(workflow("demo", "wf-a", "signup", false));
        trigger.events().pipeInput(new CustomerKey("demo", "c-1"), event("demo", "req-3:0", "signup", Map.of()), EVENT_TIME);
        assertThat(runs.readValuesToList()).isEmpty();

        // When it is enabled again and then deleted (a tombstone), then the next event starts nothing either
        trigger.define(workflow("demo", "wf-a", "signup", true));
        trigger.workflows().pipeInput(new WorkflowKey("demo", "wf-a"), null, Fixtures.CREATED);
        trigger.events().pipeInput(new CustomerKey("demo", "c-1"), event("demo", "req-4:0", "signup", Map.of()), EVENT_TIME);
        assertThat(runs.readValuesToList()).isEmpty();
    }

    @Test
    void shouldStartEveryWorkflowOfTheEventInWorkflowIdOrderAndNoneOfAnotherEventOrWorkspace() {
        // Given workflows of two events in two workspaces, defined out of id order
        trigger.define(workflow("demo", "wf-c", "signup", true));
        trigger.define(workflow("demo", "wf-a", "signup", true));
        trigger.define(workflow("demo", "wf-b", "purchase", true));
        trigger.define(workflow("other", "wf-d", "signup", true));

        // When a signup of demo arrives
        trigger.events().pipeInput(new CustomerKey("demo", "c-1"), event("demo", "req-1:0", "signup", Map.of()), EVENT_TIME);

        // Then demo's signup workflows start, in id order
        assertThat(runs.readValuesToList()).extracting(WorkflowRun::getWorkflowId).containsExactly("wf-a", "wf-c");
    }
}
