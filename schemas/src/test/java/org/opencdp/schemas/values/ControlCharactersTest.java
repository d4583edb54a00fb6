package org.opencdp.schemas.values;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlCharactersTest {

    @Test
    void shouldFindEveryControlCharacterAnywhereInAText() {
        // Given each C0 control, DEL and each C1 control, at the start, middle and end of an id
        for (char c = 0; c <= 0x9f; c++) {
            final boolean control = c <= 0x1f || c >= 0x7f;
            // When / Then
            assertThat(ControlCharacters.in(c + "cust")).as("U+%04X", (int) c).isEqualTo(control);
            assertThat(ControlCharacters.in("cu" + c + "st")).as("U+%04X", (int) c).isEqualTo(control);
            assertThat(ControlCharacters.in("cust" + c)).as("U+%04X", (int) c).isEqualTo(control);
        }
    }

    @Test
    void shouldAcceptPrintableTextOfEveryScript() {
        assertThat(ControlCharacters.in("José 😀 кот 東京 +19148440001 a b")).isFalse();
    }
}
