package org.opencdp.trigger.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.trigger.Fixtures.attributeWorkflow;
import static org.opencdp.trigger.Fixtures.changed;
import static org.opencdp.trigger.Fixtures.event;
import static org.opencdp.trigger.Fixtures.workflow;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.AttributeChange;
import org.opencdp.avro.AttributeCondition;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.IntegerValue;
import org.opencdp.avro.StringValue;
import org.opencdp.avro.WorkflowDefinition;

class WorkflowMatcherTest {

    private final EnrichedEvent signup = event("demo", "req-1:0", "signup", Map.of());

    @Test
    void shouldMatchEveryEnabledWorkflowOfTheWorkspaceTriggeredByTheEvent() {
        // Given two matching workflows, listed out of id order
        final List<WorkflowDefinition> definitions = List.of(
                workflow("demo", "wf-b", "signup", true), workflow("demo", "wf-a", "signup", true));

        // When the event is matched
        final List<WorkflowDefinition> matched = WorkflowMatcher.matching(signup, definitions);

        // Then both match, in workflow id order
        assertThat(matched).extracting(WorkflowDefinition::getWorkflowId).containsExactly("wf-a", "wf-b");
    }

    @Test
    void shouldNotMatchDisabledWorkflows() {
        assertThat(WorkflowMatcher.matching(signup, List.of(workflow("demo", "wf-a", "signup", false)))).isEmpty();
    }

    @Test
    void shouldNotMatchWorkflowsOfAnotherWorkspace() {
        assertThat(WorkflowMatcher.matching(signup, List.of(workflow("other", "wf-a", "signup", true)))).isEmpty();
    }

    @Test
    void shouldNotMatchWorkflowsTriggeredByAnotherEvent() {
        assertThat(WorkflowMatcher.matching(signup, List.of(
                workflow("demo", "wf-a", "purchase", true), workflow("demo", "wf-b", "Signup", true)))).isEmpty();
    }

    @Test
    void shouldMatchAnAttributeTriggerOnlyOnAChangeThatMeetsItsCondition() {
        // Given: workflows on plan changing to "pro", on plan changing from "free", and on any seats change
        final WorkflowDefinition toPro = attributeWorkflow("wf-to-pro", new AttributeCondition("plan", null, "pro"));
        final WorkflowDefinition fromFree = attributeWorkflow("wf-from-free", new AttributeCondition("plan", "free", null));
        final WorkflowDefinition seats = attributeWorkflow("wf-seats", new AttributeCondition("seats", null, "42"));
        final List<WorkflowDefinition> definitions = List.of(toPro, fromFree, seats);
        // When / Then
        assertThat(WorkflowMatcher.matching(changed(new AttributeChange("plan", new StringValue("free"), new StringValue("pro"), false, false)),
                definitions)).extracting(WorkflowDefinition::getWorkflowId).containsExactly("wf-from-free", "wf-to-pro");
        assertThat(WorkflowMatcher.matching(changed(new AttributeChange("plan", new StringValue("basic"), new StringValue("pro"), false, false)),
                definitions)).extracting(WorkflowDefinition::getWorkflowId).containsExactly("wf-to-pro");
        assertThat(WorkflowMatcher.matching(changed(new AttributeChange("plan", null, new StringValue("basic"), false, false)),
                definitions)).isEmpty();
        assertThat(WorkflowMatcher.matching(changed(new AttributeChange("seats", new IntegerValue(3L), new IntegerValue(42L), false, false)),
                definitions)).extracting(WorkflowDefinition::getWorkflowId).containsExactly("wf-seats");
    }

    @Test
    void shouldMatchASegmentTriggerOnlyOnItsSegmentsChangeOfItsKind() {
        // Given a workflow on entering segment s-1
        final WorkflowDefinition onEntry = workflow("demo", "wf-s", "segment.entered", true);
        onEntry.getTrigger().setSegmentId("s-1");
        // When / Then: s-1 entered starts it; s-2 entered and s-1 exited do not
        assertThat(WorkflowMatcher.matching(event("demo", "r:0/segment.entered/s-1", "segment.entered",
                Map.of("segment_id", "s-1")), List.of(onEntry))).hasSize(1);
        assertThat(WorkflowMatcher.matching(event("demo", "r:0/segment.entered/s-2", "segment.entered",
                Map.of("segment_id", "s-2")), List.of(onEntry))).isEmpty();
        assertThat(WorkflowMatcher.matching(event("demo", "r:0/segment.exited/s-1", "segment.exited",
                Map.of("segment_id", "s-1")), List.of(onEntry))).isEmpty();
    }
}
