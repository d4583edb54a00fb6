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
import org.opencdp.avro.WorkflowRun;
import org.opencdp.embedded.StreamsTestDriver;
import org.opencdp.schemas.Topics;

/**
 * The global workflows store survives a definition whose key no API call could have written: an id holding
 * U+0000, produced straight to the compacted topic. The store key encoding refuses it, and the refusal must
 * not end the global thread (which would stop every workflow of every workspace).
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
}
