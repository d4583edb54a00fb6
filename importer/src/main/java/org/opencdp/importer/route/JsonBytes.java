package org.opencdp.importer.route;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reusable, growable buffer of JSON bytes written as Jackson writes them (no whitespace; strings with
 * {@code \"}, {@code \\}, {@code \b \t \n \f \r} and backslash-u 00XX (upper-case hex) for the other control
 * characters below U+0020; each UTF-16 surrogate, paired or not, as its own backslash-u escape, as Jackson's UTF-8 writer does
 * unless told to combine them; everything else as UTF-8), so a row written here is byte for byte what serializing
 * its tree of nodes gave ({@code CustomerWriterPropertyTest}).
 */
public final class JsonBytes {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes = new byte[256];
    private int size;

    public int size() {
        return size;
    }

    public void reset() {
        size = 0;
    }

    /** A copy of what was written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    void write(final int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    /** Drops what was written after {@code mark}. */
    void truncate(final int mark) {
        size = mark;
    }

    /** {@code raw} from {@code from} on. */
    void write(final byte[] raw, final int from) {
        ensure(raw.length - from);
        System.arraycopy(raw, from, bytes, size, raw.length - from);
        size += raw.length - from;
    }

    void write(final byte[] raw) {
        ensure(raw.length);
        System.arraycopy(raw, 0, bytes, size, raw.length);
        size += raw.length;
    }

    void writeNull() {
        write(NULL);
    }

    void writeBoolean(final boolean value) {
        write(value ? TRUE : FALSE);
    }

    /** Text already known to be ASCII without characters to escape (a number's digits). */
    void writeAscii(final String text) {
        final int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) text.charAt(i);
        }
    }

    /** {@code text} as a JSON string, quotes included. */
    public void writeString(final String text) {
        final int n = text.length();
        ensure(n + 2);
        bytes[size++] = '"';
        for (int i = 0; i < n; i++) {
            final char c = text.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    ensure(1);
                    bytes[size++] = (byte) c;
                } else {
                    escape(c);
                }
            } else if (c < 0x800) {
                ensure(2);
                bytes[size++] = (byte) (0xC0 | (c >> 6));
                bytes[size++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                // As Jackson's UTF-8 writer does by default: each half of a pair as its own escape, hex upper-case.
                ensure(6);
                bytes[size++] = '\\';
                bytes[size++] = 'u';
                bytes[size++] = HEX[(c >> 12) & 0xF];
                bytes[size++] = HEX[(c >> 8) & 0xF];
                bytes[size++] = HEX[(c >> 4) & 0xF];
                bytes[size++] = HEX[c & 0xF];
            } else {
                ensure(3);
                bytes[size++] = (byte) (0xE0 | (c >> 12));
                bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                bytes[size++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        ensure(1);
        bytes[size++] = '"';
    }

    private void escape(final char c) {
        ensure(6);
        bytes[size++] = '\\';
        switch (c) {
            case '"' -> bytes[size++] = '"';
            case '\\' -> bytes[size++] = '\\';
            case '\b' -> bytes[size++] = 'b';
            case '\t' -> bytes[size++] = 't';
            case '\n' -> bytes[size++] = 'n';
            case '\f' -> bytes[size++] = 'f';
            case '\r' -> bytes[size++] = 'r';
            default -> {
                bytes[size++] = 'u';
                bytes[size++] = '0';
                bytes[size++] = '0';
                bytes[size++] = HEX[c >> 4];
                bytes[size++] = HEX[c & 0xF];
            }
        }
    }

    private void ensure(final int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
