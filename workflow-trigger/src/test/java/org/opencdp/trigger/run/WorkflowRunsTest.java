package org.opencdp.trigger.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.trigger.Fixtures.event;
import static org.opencdp.trigger.Fixtures.workflow;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.trigger.Fixtures;

class WorkflowRunsTest {

    @Test
    void shouldStartARunCarryingTheEventTheWorkflowAndTheContext() {
        // Given a signup event with data and a matching workflow
        final EnrichedEvent signup = event("demo", "req-1:0", "signup", Map.of("plan", "trial"));

        // When the run is started
        final WorkflowRun run = WorkflowRuns.start(signup, workflow("demo", "wf-1", "signup", true));

        // Then it names the workflow, the customer and the event, with a deterministic id
        assertThat(run.getRunId()).isEqualTo(RunIds.of("req-1:0", "wf-1"));
        assertThat(run.getWorkspaceId()).isEqualTo("demo");
        assertThat(run.getWorkflowId()).isEqualTo("wf-1");
        assertThat(run.getWorkflowName()).isEqualTo("Workflow wf-1");
        assertThat(run.getCustomerId()).isEqualTo("c-1");
        assertThat(run.getEventId()).isEqualTo("req-1:0");
        assertThat(run.getEventName()).isEqualTo("signup");
        assertThat(run.getRequestId()).isEqualTo("req-req-1:0");
        assertThat(run.getEventTimestamp()).isEqualTo(Fixtures.EVENT_TIME);
        assertThat(run.getContext()).isEqualTo(Map.of("plan", "trial", "age", 41L));
    }
}
