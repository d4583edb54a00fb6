package org.opencdp.trigger.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class MessageTemplatesTest {

    @Test
    void shouldRenderTheContextsValuesAndNothingForAMissingOne() {
        assertThat(MessageTemplates.render("Hello {first_name}, your {plan} plan ({seats} seats){nickname}",
                Map.of("first_name", "Ada", "plan", "pro", "seats", 3L))).isEqualTo("Hello Ada, your pro plan (3 seats)");
    }

    @Test
    void shouldSayWhyATemplateDoesNotParse() {
        assertThat(MessageTemplates.problem("Hello {#if plan}pro")).isPresent();
        assertThat(MessageTemplates.problem("Hello {first_name}")).isEmpty();
    }
}
