package org.opencdp.trigger.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.trigger.Fixtures.attribute;
import static org.opencdp.trigger.Fixtures.attributeWorkflow;
import static org.opencdp.trigger.Fixtures.changed;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.AttributeChange;
import org.opencdp.avro.AttributeCondition;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.StringValue;
import org.opencdp.avro.WorkflowDefinition;

/**
 * Issue 12, "Bounded records": an attribute.changed change omits values no condition can name, or that did not
 * fit the event's bound (docs/workflows.md, "attribute.changed"). An omitted old value equals no condition value
 * (it is not "held none"); an omitted new value is the one the event's profile holds.
 */
class OmittedChangeValuesTest {

    private static List<String> matched(final EnrichedEvent event, final WorkflowDefinition... definitions) {
        return WorkflowMatcher.matching(event, List.of(definitions)).stream().map(WorkflowDefinition::getWorkflowId)
                .toList();
    }

    @Test
    void shouldMatchAFromValueOnAShortOldValueAndNotOnAnOmittedOne() {
        // Given a workflow on plan changing from "free"
        final WorkflowDefinition fromFree = attributeWorkflow("wf-from-free", new AttributeCondition("plan", "free", null));

        // When the change carries the short old value / omits the old value
        final EnrichedEvent carried = changed(new AttributeChange("plan", new StringValue("free"), new StringValue("pro"),
                false, false));
        final EnrichedEvent omitted = changed(new AttributeChange("plan", null, new StringValue("pro"), true, false));

        // Then the carried one matches, the omitted one does not
        assertThat(matched(carried, fromFree)).containsExactly("wf-from-free");
        assertThat(matched(omitted, fromFree)).isEmpty();
    }

    @Test
    void shouldNotMatchAnAttributeWorkflowWithoutValuesOnlyBecauseAValueWasOmitted() {
        // Given a workflow on any change of plan
        final WorkflowDefinition anyPlan = attributeWorkflow("wf-any", new AttributeCondition("plan", null, null));
        // When both values are omitted / Then it still matches: the property changed
        assertThat(matched(changed(new AttributeChange("plan", null, null, true, true)), anyPlan))
                .containsExactly("wf-any");
    }

    @Test
    void shouldReadAnOmittedNewValueFromTheEventsProfile() {
        // Given workflows on plan changing to "pro" and to "enterprise"
        final WorkflowDefinition toPro = attributeWorkflow("wf-to-pro", new AttributeCondition("plan", null, "pro"));
        final WorkflowDefinition toEnterprise = attributeWorkflow("wf-to-ent",
                new AttributeCondition("plan", null, "enterprise"));
        // When a change omits its new value (left out to fit the bound) and the profile holds plan=pro
        final EnrichedEvent event = changed(new AttributeChange("plan", new StringValue("a".repeat(1001)), null,
                false, true));
        // Then the to condition is met by the profile's value
        assertThat(matched(event, toPro, toEnterprise)).containsExactly("wf-to-pro");
    }

    @Test
    void shouldNotMatchAToValueOnALongNewValueTheProfileHolds() {
        // Given a workflow on notes changing to a value at the condition limit
        final String atLimit = "n".repeat(1000);
        final WorkflowDefinition toNote = attributeWorkflow("wf-note", new AttributeCondition("notes", null, atLimit));
        // When the profile holds a longer value that starts with it, its change omitting it
        final EnrichedEvent event = changed(new AttributeChange("notes", null, null, false, true));
        event.getProfile().getAttributes().put("notes", attribute(new StringValue(atLimit + "n")));
        // Then no match / and with the value at the limit, carried, a match
        assertThat(matched(event, toNote)).isEmpty();
        assertThat(matched(changed(new AttributeChange("notes", null, new StringValue(atLimit), false, false)), toNote))
                .containsExactly("wf-note");
    }
}
