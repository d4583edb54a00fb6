package org.opencdp.trigger.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MessageTemplatesTest {

    private static final TemplateLimits LIMITS = TemplateLimits.DEFAULT;

    @Test
    void shouldRenderTheContextsValuesAndNothingForAMissingOne() {
        assertThat(MessageTemplates.render("Hello {first_name}, your {plan} plan ({seats} seats){nickname}",
                Map.of("first_name", "Ada", "plan", "pro", "seats", 3L), LIMITS))
                .isEqualTo("Hello Ada, your pro plan (3 seats)");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Hello {first_name}",
            "Your city: {address.city}",
            "{#if plan}Plan {plan}{#else}No plan{/if}",
            "{#if plan == 'pro'}Pro{#else if age > 18}Adult{#else}Other{/if}",
            "{#if vip && !opted_out}VIP{/if}",
            "{! a comment !}Hi",
            "No expressions at all",
            "{'literal'} and {#if plan is 'pro'}pro{/if}",
    })
    void shouldAcceptTheDocumentedConstructs(final String template) {
        assertThat(MessageTemplates.problem(template)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{#for x in nosuch}{x}{/for}|the section {#for}",
            "{#for i in 1000000000}{i}{/for}|the section {#for}",
            "{#each items}{it}{/each}|the section {#each}",
            "{#include base /}|include",
            "{#insert body}x{/insert}|the section {#insert}",
            "{#eval text /}|the section {#eval}",
            "{#let x=plan}{x}{/let}|the section {#let}",
            "{#with address}{city}{/with}|the section {#with}",
            "{#when plan}{#is 'pro'}P{/when}|the section {#when}",
            "{#fragment id=f}x{/fragment}|the section {#fragment}",
            "{#capture c}x{/capture}|capture",
            "{inject:bean.secret}|the namespace inject:",
            "{config:db.password}|the namespace config:",
            "{name.or('x')}|the method or(...)",
            "{name ?: 'x'}|the method",
            "{items.get(0)}|the method get(...)",
            "{items.take(5)}|the method take(...)",
            "{@java.lang.String name}{name}|parameter declaration",
            "{#if x.toUpperCase()}x{/if}|the method toUpperCase(...)",
            "Hello {#if plan}pro|does not parse",
    })
    void shouldRefuseWhatIsNotDocumentedNamingIt(final String template, final String named) {
        assertThat(MessageTemplates.problem(template)).hasValueSatisfying(problem -> assertThat(problem).contains(named));
    }

    @Test
    void shouldRefuseSectionsNestedTooDeep() {
        // Given if-sections nested one deeper than allowed, and a template of 800 nested ifs (within the length limit)
        final int depth = MessageTemplates.MAX_NESTING + 1;
        final String tooDeep = "{#if a}".repeat(depth) + "x" + "{/if}".repeat(depth);
        final String huge = "{#if a}".repeat(800) + "x" + "{/if}".repeat(800);

        // Then both are refused, and the allowed depth is accepted
        assertThat(MessageTemplates.problem(tooDeep)).hasValueSatisfying(p -> assertThat(p).contains("nests sections"));
        assertThat(MessageTemplates.problem(huge)).hasValueSatisfying(p -> assertThat(p).contains("nests sections"));
        final String deepest = "{#if a}".repeat(MessageTemplates.MAX_NESTING) + "x" + "{/if}".repeat(MessageTemplates.MAX_NESTING);
        assertThat(MessageTemplates.problem(deepest)).isEmpty();
    }

    @Test
    void shouldRefuseATemplateLongerThanTheLimit() {
        assertThat(MessageTemplates.problem("x".repeat(MessageTemplates.MAX_TEMPLATE_LENGTH + 1)))
                .hasValueSatisfying(p -> assertThat(p).contains("longer than"));
    }

    @Test
    void shouldFailARenderingWhoseOutputExceedsTheLimitBeforeBuildingIt() {
        // Given a 1,000-character value printed 2,000 times: 4 MB against a 64 KiB limit
        final String template = "{big}".repeat(2_000);
        final Map<String, Object> context = Map.of("big", "é".repeat(1_000));

        // When / Then
        assertThatThrownBy(() -> MessageTemplates.render(template, context, new TemplateLimits(64 * 1024)))
                .isInstanceOf(UnrenderableTemplate.class)
                .hasMessageContaining("exceeds 65536 bytes");
    }

    @Test
    void shouldCountTheLimitInUtf8Bytes() {
        // Given 6 two-byte characters: 12 bytes
        final Map<String, Object> context = Map.of("name", "éééééé");

        // Then a 12-byte limit is enough, an 11-byte limit is not
        assertThat(MessageTemplates.render("{name}", context, new TemplateLimits(12))).isEqualTo("éééééé");
        assertThatThrownBy(() -> MessageTemplates.render("{name}", context, new TemplateLimits(11)))
                .isInstanceOf(UnrenderableTemplate.class);
    }

    @Test
    void shouldFailAStoredTemplateThatIsNotAcceptedInsteadOfRenderingIt() {
        // Given a template stored before templates were sandboxed: a loop over a name that is not a list
        final String stored = "{#for x in nosuch}{x}{/for}";

        // When / Then: the rendering fails with the reason, whatever the context
        assertThatThrownBy(() -> MessageTemplates.render(stored, Map.of("nosuch", 1_000_000_000L), LIMITS))
                .isInstanceOf(UnrenderableTemplate.class)
                .hasMessageContaining("{#for}");
    }

    @Test
    void shouldFailARenderingThatThrowsWithTheReason() {
        // Given a comparison Qute cannot make: a number with an infinite one
        final Map<String, Object> context = Map.of("n", Double.POSITIVE_INFINITY, "items", List.of(1L));

        // When / Then: never anything but UnrenderableTemplate
        assertThatThrownBy(() -> MessageTemplates.render("{#if n > 1}big{/if}", context, LIMITS))
                .isInstanceOf(UnrenderableTemplate.class)
                .hasMessageContaining("does not render");
    }
}
