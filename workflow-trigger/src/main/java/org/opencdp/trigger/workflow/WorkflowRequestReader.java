package org.opencdp.trigger.workflow;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import org.opencdp.avro.AttributeCondition;
import org.opencdp.avro.FilterCondition;
import org.opencdp.schemas.Topics;
import org.opencdp.trigger.run.MessageTemplates;
import org.opencdp.trigger.run.ProfileFilter;

/**
 * Reads and validates the body of {@code POST /workflows}:
 * {@code {"name","trigger":{"event"} | {"attribute","from"?,"to"?} | {"segment","on"},"webhook":{"url"}?,"enabled"?,
 * "filter":[{"property","op","value"?}]?,"template"?}}. Every broken rule is reported at
 * once; unknown fields are ignored.
 */
public final class WorkflowRequestReader {

    static final int MAX_NAME_LENGTH = 200;
    /** The Retainly event API's limit on event names. */
    static final int MAX_EVENT_LENGTH = 50;
    static final int MAX_URL_LENGTH = 2048;
    /** The projector's event for changed attribute values (its {@code PlatformEvents}). */
    static final String ATTRIBUTE_CHANGED = "attribute.changed";
    static final int MAX_PROPERTY_LENGTH = 200;
    /** What a segment trigger starts on: the projector's segment.entered and segment.exited. */
    static final java.util.Set<String> SEGMENT_CHANGES = java.util.Set.of("entered", "exited");
    static final int MAX_VALUE_LENGTH = Topics.MAX_CONDITION_VALUE_LENGTH;
    static final int MAX_FILTER_CONDITIONS = 20;
    static final int MAX_TEMPLATE_LENGTH = MessageTemplates.MAX_TEMPLATE_LENGTH;

    private WorkflowRequestReader() {
    }

    /** The workflow the body describes; {@link InvalidWorkflow} names every broken rule. */
    public static NewWorkflow read(final JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidWorkflow("the request body must be a JSON object");
        }
        final List<String> problems = new ArrayList<>();
        final String name = text(body.get("name"), MAX_NAME_LENGTH, "name", problems);
        final JsonNode trigger = body.get("trigger");
        final boolean onSegment = trigger != null && trigger.isObject() && trigger.has("segment");
        final Optional<AttributeCondition> condition = onSegment ? Optional.empty() : attributeCondition(trigger, problems);
        final Optional<String> segment = onSegment ? segment(trigger, problems) : Optional.empty();
        final String event = onSegment ? segmentEvent(trigger, problems)
                : condition.isPresent() ? ATTRIBUTE_CHANGED : triggerEvent(trigger, problems);
        final Optional<String> url = webhookUrl(body.get("webhook"), problems);
        final boolean enabled = enabled(body.get("enabled"), problems);
        final List<FilterCondition> filter = filter(body.get("filter"), problems);
        final Optional<String> template = template(body.get("template"), problems);
        if (!problems.isEmpty()) {
            throw new InvalidWorkflow(String.join("; ", problems));
        }
        return new NewWorkflow(name, event, condition, url, enabled, filter, template, segment);
    }

    /**
     * {@code {"segment":"<id>","on":"entered"|"exited"}}: a trigger on a customer entering or leaving that segment
     * (contract sections 8 and 11); the segment's id is taken as written (one defined later, or deleted since,
     * starts nothing).
     */
    private static Optional<String> segment(final JsonNode trigger, final List<String> problems) {
        if (trigger.has("event") || trigger.has("attribute")) {
            problems.add("trigger names a segment, an event or an attribute: one of them");
        }
        return Optional.ofNullable(text(trigger.get("segment"), MAX_PROPERTY_LENGTH, "trigger.segment", problems));
    }

    private static String segmentEvent(final JsonNode trigger, final List<String> problems) {
        final JsonNode on = trigger.get("on");
        if (on == null || !on.isTextual() || !SEGMENT_CHANGES.contains(on.asText())) {
            problems.add("trigger.on must be \"entered\" or \"exited\"");
            return null;
        }
        return "segment." + on.asText();
    }

    private static String triggerEvent(final JsonNode trigger, final List<String> problems) {
        if (trigger == null || !trigger.isObject()) {
            problems.add("trigger must be an object like {\"event\":\"signup\"} or {\"attribute\":\"plan\",\"to\":\"pro\"}");
            return null;
        }
        final String event = text(trigger.get("event"), MAX_EVENT_LENGTH, "trigger.event", problems);
        if (event != null && event.contains("*")) {
            // A wildcard would otherwise be taken as a literal name that no event ever has.
            problems.add("trigger.event names one event: wildcards such as subscription.* are not supported");
            return null;
        }
        return event;
    }

    /**
     * {@code {"attribute":"plan","from"?:"free","to"?:"pro"}}: a trigger on a change of that property's value;
     * empty for an event trigger ({@code {"event":…}}). Values are compared as text, so 42, "42" are one.
     */
    private static Optional<AttributeCondition> attributeCondition(final JsonNode trigger, final List<String> problems) {
        if (trigger == null || !trigger.isObject() || !trigger.has("attribute")) {
            return Optional.empty();
        }
        if (trigger.has("event")) {
            problems.add("trigger names either an event or an attribute, not both");
        }
        final String property = text(trigger.get("attribute"), MAX_PROPERTY_LENGTH, "trigger.attribute", problems);
        final String from = value(trigger.get("from"), "trigger.from", problems);
        final String to = value(trigger.get("to"), "trigger.to", problems);
        return property == null ? Optional.empty() : Optional.of(new AttributeCondition(property, from, to));
    }

    /** An optional scalar, as text; null when absent. */
    private static String value(final JsonNode node, final String field, final List<String> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode() || node.asText().codePointCount(0, node.asText().length()) > MAX_VALUE_LENGTH) {
            problems.add(field + " must be a string, number or boolean of at most " + MAX_VALUE_LENGTH + " characters");
            return null;
        }
        return node.asText();
    }

    private static Optional<String> webhookUrl(final JsonNode webhook, final List<String> problems) {
        if (webhook == null || webhook.isNull()) {
            return Optional.empty();
        }
        if (!webhook.isObject()) {
            problems.add("webhook must be an object like {\"url\":\"https://...\"}");
            return Optional.empty();
        }
        final JsonNode url = webhook.get("url");
        if (url == null || !url.isTextual() || !isHttpUrl(url.asText())) {
            problems.add("webhook.url must be an absolute http or https URL of at most " + MAX_URL_LENGTH
                    + " characters");
            return Optional.empty();
        }
        return Optional.of(url.asText());
    }

    /** {@code [{"property":"plan","op":"eq","value":"pro"}, …]}: every condition must hold on the profile. */
    private static List<FilterCondition> filter(final JsonNode filter, final List<String> problems) {
        final List<FilterCondition> conditions = new ArrayList<>();
        if (filter == null || filter.isNull()) {
            return conditions;
        }
        if (!filter.isArray() || filter.size() > MAX_FILTER_CONDITIONS) {
            problems.add("filter must be an array of at most " + MAX_FILTER_CONDITIONS
                    + " conditions like {\"property\":\"plan\",\"op\":\"eq\",\"value\":\"pro\"}");
            return conditions;
        }
        for (int i = 0; i < filter.size(); i++) {
            final JsonNode condition = filter.get(i);
            final String at = "filter[" + i + "]";
            if (!condition.isObject()) {
                problems.add(at + " must be an object");
                continue;
            }
            final String property = text(condition.get("property"), MAX_PROPERTY_LENGTH, at + ".property", problems);
            final JsonNode op = condition.get("op");
            if (op == null || !op.isTextual() || !ProfileFilter.OPS.contains(op.asText())) {
                problems.add(at + ".op must be one of " + new TreeSet<>(ProfileFilter.OPS));
                continue;
            }
            final String value = value(condition.get("value"), at + ".value", problems);
            if (ProfileFilter.VALUELESS_OPS.contains(op.asText()) != (value == null)) {
                problems.add(at + ".value is " + (value == null ? "required" : "not allowed") + " with op " + op.asText());
            }
            if (property != null) {
                conditions.add(new FilterCondition(property, op.asText(), value));
            }
        }
        return conditions;
    }

    /** A message template (the sandboxed Qute subset of {@link MessageTemplates}); refused, naming why, when not. */
    private static Optional<String> template(final JsonNode template, final List<String> problems) {
        if (template == null || template.isNull()) {
            return Optional.empty();
        }
        if (!template.isTextual() || template.asText().length() > MAX_TEMPLATE_LENGTH) {
            problems.add("template must be a string of at most " + MAX_TEMPLATE_LENGTH + " characters");
            return Optional.empty();
        }
        final Optional<String> problem = MessageTemplates.problem(template.asText());
        problem.ifPresent(p -> problems.add("template " + p));
        return problem.isPresent() ? Optional.empty() : Optional.of(template.asText());
    }

    private static boolean enabled(final JsonNode enabled, final List<String> problems) {
        if (enabled == null || enabled.isNull()) {
            return true;
        }
        if (!enabled.isBoolean()) {
            problems.add("enabled must be true or false");
            return true;
        }
        return enabled.booleanValue();
    }

    private static String text(final JsonNode node, final int maxLength, final String field,
                               final List<String> problems) {
        if (node == null || !node.isTextual() || node.asText().isBlank()
                || node.asText().codePointCount(0, node.asText().length()) > maxLength) {
            problems.add(field + " must be a non-blank string of at most " + maxLength + " characters");
            return null;
        }
        return node.asText();
    }

    private static boolean isHttpUrl(final String value) {
        if (value.length() > MAX_URL_LENGTH) {
            return false;
        }
        try {
            final URI uri = new URI(value);
            final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
