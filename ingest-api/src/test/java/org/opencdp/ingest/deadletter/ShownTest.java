package org.opencdp.ingest.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class ShownTest {

    @Test
    void shouldShowUtf8TextAsItIs() {
        assertThat(Shown.of("<script>alert(1)</script>\n\tzürich".getBytes(StandardCharsets.UTF_8), 100))
                .isEqualTo(new Shown(Shown.TEXT, "<script>alert(1)</script>\n\tzürich", 34, false));
    }

    @Test
    void shouldCutLongTextAtACharacterBoundaryAndSaySo() {
        // Given 10 four-byte characters (40 bytes) and a bound of 6 bytes
        final byte[] text = "𝄞".repeat(10).getBytes(StandardCharsets.UTF_8);
        // Then one whole character shows, never half of one
        assertThat(Shown.of(text, 6)).isEqualTo(new Shown(Shown.TEXT, "𝄞", 40, true));
    }

    @Test
    void shouldShowBinaryAndControlCharactersAsBoundedBase64() {
        final byte[] avroLike = {0, 0, 0, 0, 1, 8, 'd', 'e', 'm', 'o'};
        assertThat(Shown.of(avroLike, 100))
                .isEqualTo(new Shown(Shown.BASE64, Base64.getEncoder().encodeToString(avroLike), 10, false));
        final byte[] notUtf8 = {(byte) 0xc3, 0x28, 1, 2, 3};
        assertThat(Shown.of(notUtf8, 2)).isEqualTo(new Shown(Shown.BASE64, Base64.getEncoder()
                .encodeToString(new byte[] {(byte) 0xc3, 0x28}), 5, true));
    }

    @Test
    void shouldShowNoBytesAsNull() {
        assertThat(Shown.of(null, 10)).isEqualTo(new Shown(Shown.NONE, null, 0, false));
        assertThat(Shown.of(new byte[0], 10)).isEqualTo(new Shown(Shown.TEXT, "", 0, false));
    }
}
