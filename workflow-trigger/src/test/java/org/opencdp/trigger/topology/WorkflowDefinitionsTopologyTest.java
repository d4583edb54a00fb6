package org.opencdp.trigger.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.trigger.Fixtures.CREATED;
import static org.opencdp.trigger.Fixtures.EVENT_TIME;
import static org.opencdp.trigger.Fixtures.event;
import static org.opencdp.trigger.Fixtures.workflow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.avro.WorkflowKey;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.embedded.StreamsTestDriver;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.InMemorySchemaRegistry;

/**
 * The global workflows store survives a definition whose key no API call could have written: an id holding
 * U+0000, produced straight to the compacted topic. The store key encoding refuses it, and the refusal must
 * not end the global thread (which would stop every workflow of every workspace).
 */
class WorkflowDefinitionsTopologyTest {

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<WorkflowKey, WorkflowDefinition> workflows;
    private TestInputTopic<CustomerKey, EnrichedEvent> events;
    private TestOutputTopic<CustomerKey, WorkflowRun> runs;

    @BeforeEach
    void startDriver() {
        final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        driver = new TopologyTestDriver(TriggerTopology.build(new TriggerConfig(registry, Duration.ofDays(7))),
                StreamsTestDriver.properties("workflow-definitions-test", stateDir));
        final var w = Topics.WORKFLOWS.serdes(registry);
        final var e = Topics.ENRICHED_EVENTS.serdes(registry);
        final var r = Topics.WORKFLOW_RUNS.serdes(registry);
        workflows = driver.createInputTopic(Topics.WORKFLOWS.name(), w.key().serializer(), w.value().serializer());
        events = driver.createInputTopic(Topics.ENRICHED_EVENTS.name(), e.key().serializer(), e.value().serializer());
        runs = driver.createOutputTopic(Topics.WORKFLOW_RUNS.name(), r.key().deserializer(), r.value().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldLeaveOutADefinitionWhoseKeyCannotBeStoredAndKeepIndexingTheNext() {
        // Given a definition produced straight to the topic under a workspace holding U+0000
        final WorkflowDefinition unstorable = workflow("demo\u0000", "wf-x", "signup", true);
        workflows.pipeInput(new WorkflowKey("demo\u0000", "wf-x"), unstorable, CREATED);

        // When an ordinary definition follows and a matching event arrives
        final WorkflowDefinition welcome = workflow("demo", "wf-a", "signup", true);
        workflows.pipeInput(new WorkflowKey("demo", "wf-a"), welcome, CREATED);
        final EnrichedEvent signup = event("demo", "req-1:0", "signup", Map.of());
        events.pipeInput(new CustomerKey("demo", "c-1"), signup, EVENT_TIME);

        // Then the ordinary workflow is indexed and starts, and the unstorable one is nowhere
        assertThat(runs.readValuesToList()).extracting(WorkflowRun::getWorkflowId).containsExactly("wf-a");
        assertThat(driver.getKeyValueStore(DefinitionStore.NAME).approximateNumEntries()).isEqualTo(1);
    }
}
