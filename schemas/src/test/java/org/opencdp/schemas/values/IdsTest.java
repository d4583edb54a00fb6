package org.opencdp.schemas.values;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void shouldKeepAStringIdAsSent() {
        assertThat(Ids.problem(" c-1 ", 255)).isEmpty();
        assertThat(Ids.problem("x".repeat(255), 255)).isEmpty();
    }

    @Test
    void shouldCountCharactersAsCodePoints() {
        // Given an id of 255 emoji (510 UTF-16 units); When checked against 255; Then it fits
        assertThat(Ids.characters("\ud83d\ude00")).isEqualTo(1);
        assertThat(Ids.problem("\ud83d\ude00".repeat(255), 255)).isEmpty();
        assertThat(Ids.problem("\ud83d\ude00".repeat(256), 255)).contains(Ids.Problem.TOO_LONG);
    }

    @Test
    void shouldNameWhatBreaksTheRuleInOrder() {
        assertThat(Ids.problem("   ", 255)).contains(Ids.Problem.BLANK);
        assertThat(Ids.problem("x".repeat(256), 255)).contains(Ids.Problem.TOO_LONG);
        assertThat(Ids.problem("c\u00001", 255)).contains(Ids.Problem.CONTROL_CHARACTERS);
        assertThat(Ids.problem("c\u0085" + "x".repeat(300), 255)).contains(Ids.Problem.TOO_LONG);
    }

    @Test
    void shouldMakeAnIntegerIdItsDecimalString() {
        assertThat(Ids.canonical(1L)).isEqualTo("1");
        assertThat(Ids.canonical(Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
    }
}
