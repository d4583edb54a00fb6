package org.opencdp.trigger.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.trigger.Fixtures.event;
import static org.opencdp.trigger.Fixtures.workflow;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.HistoryPosition;
import org.opencdp.avro.Webhook;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.RecordSize;
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
    void shouldLinkARunToTheProfileAtTheHistoryPositionItsEventCarried() {
        // Given an event whose profile stood at a position of its history, and one whose profile carried none
        final EnrichedEvent positioned = event("demo", "req-1:0", "signup", Map.of());
        positioned.getProfile().setHistoryPosition(new HistoryPosition(Instant.parse("2024-05-01T10:00:09.123Z"), 3L));
        final EnrichedEvent unpositioned = event("demo", "req-2:0", "signup", Map.of());

        // When runs are started for them
        final WorkflowDefinition workflow = workflow("demo", "wf-1", "signup", true);
        final WorkflowRun run = WorkflowRuns.start(positioned, workflow, TemplateLimits.DEFAULT);
        final WorkflowRun older = WorkflowRuns.start(unpositioned, workflow, TemplateLimits.DEFAULT);

        // Then the first keeps the position and links the profile there; the other links it as of its event's time
        assertThat(run.getProfilePosition()).isEqualTo(positioned.getProfile().getHistoryPosition());
        assertThat(RunDto.of(run).profileAsOf()).isEqualTo("/customers/c-1?as_of_position=2024-05-01T10%3A00%3A09.123Z%2F3");
        assertThat(RunDto.of(older).profileAsOf()).isEqualTo("/customers/c-1?as_of="
                + URLEncoder.encode(Fixtures.EVENT_TIME.toString(), StandardCharsets.UTF_8));
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

    @Test
    void shouldRecordARunOverTheRunBoundAsFailedTooLargeWithAnEmptyContext() {
        // Given an event whose data alone take more than the run bound
        final Map<String, Object> data = new HashMap<>();
        for (int i = 0; i < Topics.MAX_RUN_BYTES / 1000 + 1; i++) {
            data.put("d" + i, "x".repeat(1000));
        }
        final WorkflowDefinition workflow = workflow("demo", "wf-1", "signup", true);
        workflow.setTemplate("Hi {plan}");

        // When the run is started
        final WorkflowRun run = WorkflowRuns.start(event("demo", "req-1:0", "signup", data), workflow,
                TemplateLimits.DEFAULT);

        // Then it is a failed run naming the limit, with no context and no message, within the bound
        assertThat(run.getStatus()).isEqualTo("failed");
        assertThat(run.getFailureReason()).startsWith("too_large: run of ")
                .endsWith("exceeds the run bound of " + Topics.MAX_RUN_BYTES + " bytes");
        assertThat(run.getContext()).isEmpty();
        assertThat(run.getMessage()).isNull();
        assertThat(run.getRunId()).isEqualTo(RunIds.of("req-1:0", "wf-1"));
        assertThat(RecordSize.of(run)).isLessThanOrEqualTo(Topics.MAX_RUN_BYTES);
    }

    @Test
    void shouldCountTheWebhookUrlOfTheDeliveryInTheRunBound() {
        // Given data that leave a run 100 bytes under the bound without a webhook
        final WorkflowDefinition plain = workflow("demo", "wf-1", "signup", true);
        final EnrichedEvent signup = eventOfSize(plain, Topics.MAX_RUN_BYTES - 100);
        assertThat(WorkflowRuns.start(signup, plain, TemplateLimits.DEFAULT).getStatus()).isEqualTo("started");

        // When the same run is for a workflow whose webhook URL takes 200 bytes
        final WorkflowDefinition hooked = workflow("demo", "wf-1", "signup", true);
        hooked.setWebhook(new Webhook("https://hooks.example.com/" + "u".repeat(200 - 26), null));
        final WorkflowRun run = WorkflowRuns.start(signup, hooked, TemplateLimits.DEFAULT);

        // Then it does not fit with its delivery's URL, and is failed too_large
        assertThat(run.getStatus()).isEqualTo("failed");
        assertThat(run.getFailureReason()).startsWith("too_large: ");
    }

    @Test
    void shouldCutTheNamesOfATooLargeRunWhenEvenItsIdsAndNamesDoNotFit() {
        // Given an event (produced straight to its topic) whose name alone takes more than the run bound
        final EnrichedEvent named = event("demo", "req-1:0", "x".repeat(Topics.MAX_RUN_BYTES), Map.of());
        final WorkflowDefinition workflow = workflow("demo", "wf-1", named.getName(), true);

        // When the run is started
        final WorkflowRun run = WorkflowRuns.start(named, workflow, TemplateLimits.DEFAULT);

        // Then it is failed too_large, its event name cut, within the bound
        assertThat(run.getFailureReason()).startsWith("too_large: ");
        assertThat(run.getEventName()).hasSize(WorkflowRuns.MAX_REASON_LENGTH);
        assertThat(RecordSize.of(run)).isLessThanOrEqualTo(Topics.MAX_RUN_BYTES);
    }

    /** A signup whose run for {@code workflow} takes exactly {@code runBytes} once encoded (without its webhook). */
    private static EnrichedEvent eventOfSize(final WorkflowDefinition workflow, final int runBytes) {
        final EnrichedEvent empty = event("demo", "req-1:0", "signup", Map.of("pad", ""));
        final long base = RecordSize.of(WorkflowRuns.start(empty, workflow, TemplateLimits.DEFAULT));
        // "pad"'s string grows the run by its length plus the growth of its length's varint (3 bytes past 16 KiB)
        final EnrichedEvent sized = event("demo", "req-1:0", "signup",
                Map.of("pad", "p".repeat((int) (runBytes - base - 2))));
        assertThat(RecordSize.of(WorkflowRuns.start(sized, workflow, TemplateLimits.DEFAULT))).isEqualTo(runBytes);
        return sized;
    }
}
