package org.opencdp.trigger;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.opencdp.avro.Attribute;
import org.opencdp.avro.AttributeChange;
import org.opencdp.avro.AttributeCondition;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.EventTrigger;
import org.opencdp.avro.IntegerValue;
import org.opencdp.avro.Profile;
import org.opencdp.avro.StringValue;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.trigger.webhook.WebhookTargets;

/** Test records with explicit timestamps. */
public final class Fixtures {

    public static final Instant CREATED = Instant.parse("2024-05-01T10:00:00Z");
    public static final Instant EVENT_TIME = Instant.parse("2024-05-02T12:30:00Z");
    /** Where the tests' receivers listen (plain http on loopback), allowed as an operator would allow them. */
    public static final WebhookTargets LOOPBACK_RECEIVERS =
            new WebhookTargets(List.of("127.0.0.1", "localhost"), List.of("127.0.0.0/8"));

    private Fixtures() {
    }

    public static WorkflowDefinition workflow(final String workspace, final String id, final String event,
                                              final boolean enabled) {
        return WorkflowDefinition.newBuilder()
                .setWorkflowId(id)
                .setWorkspaceId(workspace)
                .setName("Workflow " + id)
                .setTrigger(new EventTrigger(event, null, null))
                .setWebhook(null)
                .setEnabled(enabled)
                .setCreatedAt(CREATED)
                .build();
    }

    public static Attribute attribute(final Object typedValue) {
        return new Attribute(typedValue, CREATED, "req-profile");
    }

    public static Profile profile(final String workspace, final String customer, final Map<String, Attribute> attributes) {
        return Profile.newBuilder()
                .setWorkspaceId(workspace)
                .setCustomerId(customer)
                .setAttributes(new HashMap<>(attributes))
                .setCreatedAt(CREATED)
                .setUpdatedAt(CREATED)
                .setLastRequestId("req-profile")
                .setRevision(2)
                .build();
    }

    /** A "signup"-style event of customer c-1 whose profile has plan=pro and age=41. */
    public static EnrichedEvent event(final String workspace, final String eventId, final String name,
                                      final Map<String, Object> data) {
        return EnrichedEvent.newBuilder()
                .setEventId(eventId)
                .setWorkspaceId(workspace)
                .setCustomerId("c-1")
                .setRequestId("req-" + eventId)
                .setName(name)
                .setData(new HashMap<>(data))
                .setTimestamp(EVENT_TIME)
                .setProfile(profile(workspace, "c-1", Map.of(
                        "plan", attribute(new StringValue("pro")),
                        "age", attribute(new IntegerValue(41L)))))
                .build();
    }

    /** An enabled attribute.changed workflow of workspace demo whose trigger has {@code condition}. */
    public static WorkflowDefinition attributeWorkflow(final String id, final AttributeCondition condition) {
        final WorkflowDefinition definition = workflow("demo", id, "attribute.changed", true);
        definition.setTrigger(new EventTrigger("attribute.changed", condition, null));
        return definition;
    }

    /** An attribute.changed event of workspace demo with the one {@code change} (its profile holds plan=pro). */
    public static EnrichedEvent changed(final AttributeChange change) {
        final EnrichedEvent event = event("demo", "req-2:0/attribute.changed", "attribute.changed", Map.of());
        event.setChanges(List.of(change));
        return event;
    }
}
