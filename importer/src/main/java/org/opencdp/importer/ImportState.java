package org.opencdp.importer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The small file next to the input ({@code FILE.import-state}) that records an import's batches as ingest-api
 * acknowledges them: {@code --resume} skips those. It names the file's content hash and the batch settings, so
 * a state left by another file or other settings is ignored. One line per acknowledged batch:
 * {@code ack <batch> <landed> <refused>}.
 */
final class ImportState implements AutoCloseable {

    record Ack(long landed, long refused) {
    }

    private final Map<String, Ack> acked;
    private final BufferedWriter out;

    private ImportState(final Map<String, Ack> acked, final BufferedWriter out) {
        this.acked = acked;
        this.out = out;
    }

    static Path pathFor(final Path input) {
        return input.resolveSibling(input.getFileName() + ".import-state");
    }

    /** The state for this file and settings: the recorded acks when resuming one, else a fresh file. */
    static ImportState open(final Path path, final String identity, final boolean resume) throws IOException {
        final Map<String, Ack> acked = new HashMap<>();
        if (resume && Files.exists(path)) {
            final List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
            if (!lines.isEmpty() && lines.get(0).equals(identity)) {
                for (final String line : lines.subList(1, lines.size())) {
                    final String[] parts = line.split(" ");
                    if (parts.length == 4 && parts[0].equals("ack")) {
                        acked.put(parts[1], new Ack(Long.parseLong(parts[2]), Long.parseLong(parts[3])));
                    }
                }
            }
        }
        final BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        out.write(identity);
        out.newLine();
        for (final Map.Entry<String, Ack> ack : acked.entrySet()) {
            write(out, ack.getKey(), ack.getValue());
        }
        out.flush();
        return new ImportState(acked, out);
    }

    /** The batch's earlier acknowledgement, or null. */
    synchronized Ack acked(final String batch) {
        return acked.get(batch);
    }

    synchronized void ack(final String batch, final long landed, final long refused) throws IOException {
        acked.put(batch, new Ack(landed, refused));
        write(out, batch, acked.get(batch));
        out.flush();
    }

    private static void write(final BufferedWriter out, final String batch, final Ack ack) throws IOException {
        out.write("ack " + batch + " " + ack.landed() + " " + ack.refused());
        out.newLine();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
