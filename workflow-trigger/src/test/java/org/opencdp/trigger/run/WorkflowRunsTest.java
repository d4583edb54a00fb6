package org.opencdp.trigger.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.trigger.Fixtures.event;
import static org.opencdp.trigger.Fixtures.workflow;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.trigger.Fixtures;

class WorkflowRunsTest {

    @Test
    void shouldStartARunCarryingTheEventTheWorkflowAndTheContext() {
        // Given a signup event with data and a matching workflow
        final EnrichedEvent signup = event("demo", "req-1:0", "signup", Map.of("plan", "trial"));

        // When the run is started
        final WorkflowRun run = WorkflowRuns.start(signup, workflow("demo", "wf-1", "signup", true),
                TemplateLimits.DEFAULT);

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
        assertThat(run.getStatus()).isEqualTo("started");
        assertThat(run.getFailureReason()).isNull();
    }

    @Test
    void shouldRecordARunWhoseTemplateCannotRenderAsFailedWithTheReason() {
        // Given a workflow whose template renders past the limit
        final WorkflowDefinition workflow = workflow("demo", "wf-1", "signup", true);
        workflow.setTemplate("{plan}{plan}{plan}");

        // When the run is started with a limit of 8 bytes
        final WorkflowRun run = WorkflowRuns.start(event("demo", "req-1:0", "signup", Map.of()), workflow,
                new TemplateLimits(8));

        // Then it is a failed run saying why, with its context and no message
        assertThat(run.getStatus()).isEqualTo("failed");
        assertThat(run.getFailureReason()).contains("exceeds 8 bytes");
        assertThat(run.getMessage()).isNull();
        assertThat(run.getContext()).containsEntry("plan", "pro");
        assertThat(WorkflowRuns.isFailed(run)).isTrue();
    }

    @Test
    void shouldCutAFailureReasonToItsLimit() {
        // When
        final WorkflowRun run = WorkflowRuns.failed(event("demo", "req-1:0", "signup", Map.of()),
                workflow("demo", "wf-1", "signup", true), "ü".repeat(5_000));

        // Then
        assertThat(run.getFailureReason()).hasSize(WorkflowRuns.MAX_REASON_LENGTH);
        assertThat(run.getContext()).isEmpty();
    }
}
