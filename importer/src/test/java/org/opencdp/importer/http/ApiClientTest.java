package org.opencdp.importer.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the importer prints of a server's answer: a wrong {@code --url} may point at any server. */
class ApiClientTest {

    @Test
    void shouldShowControlAndFormatCharactersOfAnAnswerEscaped() {
        // Given: an answer that would recolour the terminal, rewrite its title and reverse the text after it
        final String body = "\u001b[31mred\u001b]0;owned\u0007 \u202egnp.exe\r\nnext";
        // When
        final String shown = ApiClient.shortened(body);
        // Then
        assertThat(shown).isEqualTo("\\u001b[31mred\\u001b]0;owned\\u0007 \\u202egnp.exe\\u000d\\u000anext");
        assertThat(shown.codePoints()).noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
    }

    @Test
    void shouldCutALongAnswerWithoutSplittingAPairOfSurrogates() {
        // Given: 199 letters, then emoji (two chars each) well past the limit
        final String body = "a".repeat(ApiClient.SHOWN_CHARACTERS - 1) + "😀".repeat(50);
        // When
        final String shown = ApiClient.shortened(body);
        // Then: the first emoji whole, then the mark that more was cut
        assertThat(shown).isEqualTo("a".repeat(ApiClient.SHOWN_CHARACTERS - 1) + "😀...");
    }

    @Test
    void shouldShowAShortAnswerAsItIs() {
        assertThat(ApiClient.shortened("{\"message\":\"schön\"}")).isEqualTo("{\"message\":\"schön\"}");
        assertThat(ApiClient.shortened(null)).isEmpty();
    }
}
