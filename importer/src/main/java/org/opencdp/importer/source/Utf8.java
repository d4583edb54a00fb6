package org.opencdp.importer.source;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding: bytes that are not UTF-8 are reported, never replaced silently. */
final class Utf8 {

    private Utf8() {
    }

    /** The text, or null when the bytes are not valid UTF-8. */
    static String decode(final byte[] bytes, final int length) {
        boolean ascii = true;
        for (int i = 0; i < length && ascii; i++) {
            ascii = bytes[i] >= 0;
        }
        if (ascii) { // ASCII is UTF-8 as it stands: no decoder for the common cell
            return new String(bytes, 0, length, StandardCharsets.US_ASCII);
        }
        // The JDK's decoding replaces every malformed sequence with U+FFFD: text without one was valid UTF-8.
        final String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) {
            return text;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException notUtf8) {
            return null;
        }
    }

    /** The first control character other than tab, line feed and carriage return, or -1. */
    static int controlCharacter(final String text) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
                return c;
            }
        }
        return -1;
    }
}
