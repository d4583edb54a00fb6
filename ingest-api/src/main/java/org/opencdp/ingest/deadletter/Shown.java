package org.opencdp.ingest.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Bytes of a dead letter (its key, value or a header) as a person can be shown them, bounded: {@code text} when
 * they are UTF-8 without control characters other than tab and line breaks (cut at a character boundary), else
 * {@code base64} of the first bytes (an Avro record, with its framing bytes, is binary); {@code null} for none.
 * {@code bytes} is the whole size, {@code truncated} says whether {@code value} shows less. A hostile value stays
 * data: the console renders it as text.
 */
public record Shown(String encoding, String value, long bytes, boolean truncated) {

    public static final String TEXT = "text";
    public static final String BASE64 = "base64";
    public static final String NONE = "null";

    public static Shown of(final byte[] data, final int maxBytes) {
        if (data == null) {
            return new Shown(NONE, null, 0, false);
        }
        final boolean cut = data.length > maxBytes;
        final Optional<String> text = text(data);
        if (text.isPresent()) {
            return new Shown(TEXT, cut ? prefix(text.get(), maxBytes) : text.get(), data.length, cut);
        }
        final byte[] head = cut ? Arrays.copyOf(data, maxBytes) : data;
        return new Shown(BASE64, Base64.getEncoder().encodeToString(head), data.length, cut);
    }

    /** The bytes as text when they are UTF-8 holding no control character but tab and line breaks. */
    private static Optional<String> text(final byte[] data) {
        final String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException notUtf8) {
            return Optional.empty();
        }
        return text.chars().anyMatch(Shown::binary) ? Optional.empty() : Optional.of(text);
    }

    private static boolean binary(final int c) {
        return c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f;
    }

    /** The longest run of whole code points from the start of {@code text} that takes at most {@code maxBytes}. */
    private static String prefix(final String text, final int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            final int cp = text.codePointAt(end);
            final int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return text.substring(0, end);
    }
}
