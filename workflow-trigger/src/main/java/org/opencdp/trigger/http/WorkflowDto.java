package org.opencdp.trigger.http;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.opencdp.avro.AttributeCondition;
import org.opencdp.avro.EventTrigger;

import org.opencdp.avro.WorkflowDefinition;

/** A workflow definition as the API shows it (snake_case JSON). */
public record WorkflowDto(String id, String name, Trigger trigger, Webhook webhook, boolean enabled,
                          String createdAt, List<Filter> filter, String template, String updatedAt) {

    /** One condition on the profile; {@code value} absent for exists and not_exists. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Filter(String property, String op, String value) {
    }

    /**
     * {@code attribute}, {@code from}, {@code to} only for a trigger on an attribute change; {@code segment} and
     * {@code on} only for one on a segment's entries or exits.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Trigger(String event, String attribute, String from, String to, String segment, String on) {

        static Trigger of(final EventTrigger trigger) {
            final AttributeCondition condition = trigger.getAttribute();
            if (trigger.getSegmentId() != null) {
                return new Trigger(trigger.getEvent(), null, null, null, trigger.getSegmentId(),
                        trigger.getEvent().substring(trigger.getEvent().indexOf('.') + 1));
            }
            return condition == null
                    ? new Trigger(trigger.getEvent(), null, null, null, null, null)
                    : new Trigger(trigger.getEvent(), condition.getProperty(), condition.getFromValue(),
                    condition.getToValue(), null, null);
        }
    }

    /** {@code signing_secret} only in the answer that gave the webhook its secret (contract section 10). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Webhook(String url, String signingSecret) {
    }

    /** The definition as every read shows it: never its webhook's secret. */
    public static WorkflowDto of(final WorkflowDefinition definition) {
        return of(definition, false);
    }

    /** The definition with its webhook's secret: for the one answer that gave the webhook its secret. */
    public static WorkflowDto withSecret(final WorkflowDefinition definition) {
        return of(definition, true);
    }

    private static WorkflowDto of(final WorkflowDefinition definition, final boolean secret) {
        return new WorkflowDto(definition.getWorkflowId(), definition.getName(),
                Trigger.of(definition.getTrigger()),
                definition.getWebhook() == null ? null : new Webhook(definition.getWebhook().getUrl(),
                        secret ? definition.getWebhook().getSigningSecret() : null),
                definition.getEnabled(), definition.getCreatedAt().toString(),
                definition.getFilter().stream().map(c -> new Filter(c.getProperty(), c.getOp(), c.getValue())).toList(),
                definition.getTemplate(),
                definition.getUpdatedAt() == null ? null : definition.getUpdatedAt().toString());
    }
}
