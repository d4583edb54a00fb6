package org.opencdp.importer.source;

import java.io.IOException;
import java.io.InputStream;

/** An input read one byte at a time through a private buffer (no lock per byte, unlike BufferedInputStream). */
final class Bytes implements java.io.Closeable {

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int length;

    Bytes(final InputStream in) {
        this.in = in;
    }

    /** The next byte (0-255), or -1 at the end. */
    int read() throws IOException {
        if (position == length) {
            length = in.read(buffer);
            position = 0;
            if (length <= 0) {
                length = 0;
                return -1;
            }
        }
        return buffer[position++] & 0xFF;
    }

    /** Drops a UTF-8 byte order mark at the start, as spreadsheet exports write one. */
    void skipByteOrderMark() throws IOException {
        length = in.readNBytes(buffer, 0, 3);
        position = 0;
        if (length == 3 && (buffer[0] & 0xFF) == 0xEF && (buffer[1] & 0xFF) == 0xBB && (buffer[2] & 0xFF) == 0xBF) {
            position = 3;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
