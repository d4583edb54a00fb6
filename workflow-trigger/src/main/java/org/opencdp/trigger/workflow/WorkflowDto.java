package org.opencdp.trigger.workflow;

import org.opencdp.avro.WorkflowDefinition;

/** A workflow definition as the API shows it (snake_case JSON). */
public record WorkflowDto(String id, String name, Trigger trigger, Webhook webhook, boolean enabled,
                          String createdAt) {

    public record Trigger(String event) {
    }

    public record Webhook(String url) {
    }

    public static WorkflowDto of(final WorkflowDefinition definition) {
        return new WorkflowDto(definition.getWorkflowId(), definition.getName(),
                new Trigger(definition.getTrigger().getEvent()),
                definition.getWebhook() == null ? null : new Webhook(definition.getWebhook().getUrl()),
                definition.getEnabled(), definition.getCreatedAt().toString());
    }
}
