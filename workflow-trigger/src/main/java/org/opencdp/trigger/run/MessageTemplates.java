package org.opencdp.trigger.run;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Expression;
import io.quarkus.qute.IfSectionHelper;
import io.quarkus.qute.ResultMapper;
import io.quarkus.qute.Results;
import io.quarkus.qute.SectionBlock;
import io.quarkus.qute.SectionNode;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.TemplateNode;

import org.opencdp.schemas.values.RawValues;

/**
 * A workflow's message template: a sandboxed subset of Qute (docs/workflows.md, "Message templates"). Accepted,
 * and nothing else: text, values ({@code {first_name}}, {@code {address.city}}: a name of the context, then
 * fields, no method calls, no namespaces) and {@code {#if}} sections with {@code {#else}}, whose conditions
 * compare values and literals, nested at most {@value #MAX_NESTING} deep. Without loops, includes or evaluated
 * text, the work of a rendering is linear in the template, which is at most
 * {@value #MAX_TEMPLATE_LENGTH} characters; its output is bounded by {@link TemplateLimits}. A name the context
 * does not have renders as nothing. Pure: its own engines, no CDI.
 */
public final class MessageTemplates {

    public static final int MAX_TEMPLATE_LENGTH = 10_000;
    static final int MAX_NESTING = 8;
    private static final Set<String> SECTIONS = Set.of("if");
    private static final String ALLOWED = "a template holds text, values such as {first_name} or {address.city},"
            + " and {#if}...{#else}...{/if} sections";

    /** The value strings printed by the rendering on this thread, counted against its limit. */
    private static final ThreadLocal<OutputBudget> BUDGET = new ThreadLocal<>();

    /** Parses with every Qute section, only to name what a template uses that is not accepted. */
    private static final Engine NAMING = Engine.builder().addDefaults().build();

    /** Renders: {@code {#if}} is its only section, missing names print nothing, every printed value is counted. */
    private static final Engine RENDERING = Engine.builder()
            .addDefaultValueResolvers()
            .addSectionHelper(new IfSectionHelper.Factory())
            .addResultMapper(new ResultMapper() {
                @Override
                public boolean appliesTo(final TemplateNode.Origin origin, final Object result) {
                    return true;
                }

                @Override
                public String map(final Object result, final Expression expression) {
                    final String text = Results.isNotFound(result) ? "" : String.valueOf(result);
                    final OutputBudget budget = BUDGET.get();
                    if (budget != null) {
                        budget.spend(text);
                    }
                    return text;
                }
            })
            .strictRendering(false)
            .build();

    private MessageTemplates() {
    }

    /** What makes {@code template} unacceptable (it does not parse, or uses what is not accepted); empty when it is fine. */
    public static Optional<String> problem(final String template) {
        if (template.length() > MAX_TEMPLATE_LENGTH) {
            return Optional.of("is longer than " + MAX_TEMPLATE_LENGTH + " characters");
        }
        try {
            return unaccepted(NAMING.parse(template).getNodes(), 0);
        } catch (TemplateException e) {
            return Optional.of("does not parse: " + e.getMessage());
        }
    }

    /**
     * The text of {@code template} for {@code context} (raw values: strings, numbers, booleans, lists).
     *
     * @throws UnrenderableTemplate naming why, when the template is not accepted, fails to render or its text
     *                              exceeds {@code limits}
     */
    public static String render(final String template, final Map<String, Object> context, final TemplateLimits limits) {
        final Optional<String> problem = problem(template);
        if (problem.isPresent()) {
            throw new UnrenderableTemplate("template " + problem.get());
        }
        final OutputBudget budget = new OutputBudget(limits.maxOutputBytes());
        BUDGET.set(budget);
        try {
            final String text = RENDERING.parse(template).data(RawValues.plain(context)).render();
            new OutputBudget(limits.maxOutputBytes()).spend(text);
            return text;
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof UnrenderableTemplate reason) {
                    throw reason;
                }
            }
            throw new UnrenderableTemplate("template does not render: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        } finally {
            BUDGET.remove();
        }
    }

    private static Optional<String> unaccepted(final List<TemplateNode> nodes, final int depth) {
        if (depth > MAX_NESTING) {
            return Optional.of("nests sections more than " + MAX_NESTING + " deep");
        }
        for (final TemplateNode node : nodes) {
            final Optional<String> problem = switch (node.kind()) {
                case TEXT -> Optional.empty();
                case EXPRESSION -> unacceptedValue(node.getExpressions().getFirst());
                case SECTION -> unacceptedSection(node.asSection(), depth);
                case PARAM_DECLARATION -> Optional.of("uses a parameter declaration {@...} at line "
                        + node.getOrigin().getLine() + ": " + ALLOWED);
            };
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> unacceptedSection(final SectionNode section, final int depth) {
        if (!SECTIONS.contains(section.getName())) {
            return Optional.of("uses the section {#" + section.getName() + "} at line " + section.getOrigin().getLine()
                    + ", which is not supported: " + ALLOWED);
        }
        for (final SectionBlock block : section.getBlocks()) {
            for (final Expression operand : block.expressions.values()) {
                final Optional<String> problem = unacceptedValue(operand);
                if (problem.isPresent()) {
                    return problem;
                }
            }
            final Optional<String> problem = unaccepted(block.nodes, depth + 1);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    /** A value is a literal, or a name of the context followed by field names. */
    private static Optional<String> unacceptedValue(final Expression expression) {
        final String at = " at line " + expression.getOrigin().getLine() + ": " + ALLOWED;
        if (expression.isLiteral()) {
            return Optional.empty();
        }
        if (expression.hasNamespace()) {
            return Optional.of("uses the namespace " + expression.getNamespace() + ": in {"
                    + expression.toOriginalString() + "}" + at);
        }
        for (final Expression.Part part : expression.getParts()) {
            if (part.isVirtualMethod()) {
                return Optional.of("calls the method " + part.getName() + "(...) in {" + expression.toOriginalString()
                        + "}" + at);
            }
        }
        return Optional.empty();
    }

    /** The UTF-8 bytes a rendering has produced, and its limit. */
    private static final class OutputBudget {

        private final long limit;
        private long spent;

        OutputBudget(final long limit) {
            this.limit = limit;
        }

        void spend(final String text) {
            for (int i = 0; i < text.length(); i++) {
                final char c = text.charAt(i);
                spent += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
            }
            if (spent > limit) {
                throw new UnrenderableTemplate("the rendered message exceeds " + limit + " bytes");
            }
        }
    }
}
