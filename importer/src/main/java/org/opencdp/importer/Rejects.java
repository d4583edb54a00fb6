package org.opencdp.importer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The refused rows: {@code row,reasons} CSV lines in the rejects file (if asked for); the first few on stderr. */
final class Rejects implements AutoCloseable {

    private static final int SHOWN = 5;

    private final BufferedWriter out;
    private final PrintStream err;
    private long count;

    Rejects(final Path file, final PrintStream err) throws IOException {
        this.err = err;
        this.out = file == null ? null : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        if (out != null) {
            out.write("row,reasons");
            out.newLine();
        }
    }

    synchronized void refuse(final long line, final List<String> reasons) throws IOException {
        count++;
        final String joined = String.join("; ", reasons);
        if (out != null) {
            out.write(line + ",\"" + joined.replace("\"", "\"\"").replace("\n", " ").replace("\r", " ") + "\"");
            out.newLine();
        }
        if (count <= SHOWN) {
            err.println("import: row " + line + " refused: " + joined);
        } else if (count == SHOWN + 1 && out == null) {
            err.println("import: more rows refused; --rejects FILE lists them all");
        }
    }

    synchronized long count() {
        return count;
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
