package org.opencdp.trigger.run;

import java.util.Map;
import java.util.Optional;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Results;
import io.quarkus.qute.TemplateException;

/**
 * A workflow's message template, in Qute syntax ({@code Hello {first_name}, your {plan} plan…}): parsed when the
 * workflow is defined (a template that does not parse is refused), rendered with a run's context. A name the
 * context does not have renders as nothing. Pure: its own engine, no CDI.
 */
public final class MessageTemplates {

    private static final Engine ENGINE = Engine.builder().addDefaults()
            .addResultMapper(new io.quarkus.qute.ResultMapper() {
                @Override
                public boolean appliesTo(final io.quarkus.qute.TemplateNode.Origin origin, final Object result) {
                    return Results.isNotFound(result);
                }

                @Override
                public String map(final Object result, final io.quarkus.qute.Expression expression) {
                    return "";
                }
            })
            .strictRendering(false)
            .build();

    private MessageTemplates() {
    }

    /** Why {@code template} does not parse; empty when it does. */
    public static Optional<String> problem(final String template) {
        try {
            ENGINE.parse(template);
            return Optional.empty();
        } catch (TemplateException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The text of {@code template} for {@code context} (raw values: strings, numbers, booleans, lists). */
    public static String render(final String template, final Map<String, Object> context) {
        return ENGINE.parse(template).data(RawValues.plain(context)).render();
    }
}
