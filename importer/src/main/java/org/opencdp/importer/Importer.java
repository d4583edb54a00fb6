package org.opencdp.importer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.opencdp.importer.http.ApiClient;
import org.opencdp.importer.route.Catalog;
import org.opencdp.importer.route.CustomerWriter;
import org.opencdp.importer.route.JsonBytes;
import org.opencdp.importer.route.Route;
import org.opencdp.importer.route.RowConverter;
import org.opencdp.importer.source.BadInputException;
import org.opencdp.importer.source.CsvSource;
import org.opencdp.importer.source.JsonLinesSource;
import org.opencdp.importer.source.RawRow;
import org.opencdp.importer.source.RowSource;

/**
 * One import: hashes the file, reads it row by row, sends batches in lanes (a customer's rows always go through
 * the same lane, one batch at a time, so they land in file order), records acknowledged batches, and counts.
 */
final class Importer {

    /** What the import came to. */
    record Outcome(long rows, long landed, long refused, long skipped, double seconds) {
    }

    record Settings(Path file, Route route, int batch, int lanes, boolean dryRun, boolean resume, Path rejects,
                    String nullMarker, boolean terminal, Duration progressEvery) {
    }

    /** A batch body never grows past this, whatever --batch says (ingest-api takes at most 64 MiB). */
    static final int MAX_BATCH_BYTES = 8 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RETENTLY_INDEX = Pattern.compile("^subscribers\\[(\\d+)]");
    private static final int MAX_RESENDS = 5;

    private final Settings settings;
    private final ApiClient api;
    private final PrintStream err;

    Importer(final Settings settings, final ApiClient api, final PrintStream err) {
        this.settings = settings;
        this.api = api;
        this.err = err;
    }

    Outcome run() throws IOException, InterruptedException {
        final long started = System.nanoTime();
        final Scan scan = scan(settings.file());
        final String identity = "opencdp-import 1 sha256=" + scan.sha256 + " route=" + settings.route().label()
                + " batch=" + settings.batch() + " lanes=" + settings.lanes();
        final long estimated = Math.max(1, scan.lines - (isJsonLines(settings.file()) ? 0 : 1));
        final Lane[] lanes = new Lane[settings.lanes()];
        final AtomicReference<IOException> failure = new AtomicReference<>();
        final ExecutorService senders = Executors.newFixedThreadPool(settings.lanes(), r -> {
            final Thread t = new Thread(r, "import-sender");
            t.setDaemon(true);
            return t;
        });
        long rows = 0;
        // The file's header is checked before the first request, so a bad file is said without a stack running.
        final RowSource opened = open(settings.file());
        final Catalog catalog;
        try {
            catalog = api.catalog();
        } catch (IOException | InterruptedException | RuntimeException unreadable) {
            opened.close();
            throw unreadable;
        }
        try (RowSource source = opened;
             ImportState state = settings.dryRun() ? null
                     : ImportState.open(ImportState.pathFor(settings.file()), identity, settings.resume());
             Rejects rejects = new Rejects(settings.rejects(), err);
             Progress progress = Progress.create(settings.terminal(), estimated, err, settings.progressEvery())) {
            final Counts counts = new Counts();
            for (int i = 0; i < lanes.length; i++) {
                lanes[i] = new Lane(i, scan.sha256.substring(0, 32), identity, state, rejects, progress, counts, failure, senders);
            }
            if (source instanceof CsvSource csv && settings.route() == Route.CUSTOMERS) {
                // The common import: each row written straight into its JSON bytes, the same bytes as below.
                final CustomerWriter writer = new CustomerWriter(csv.header(), catalog, settings.nullMarker());
                final JsonBytes json = new JsonBytes();
                CsvSource.Row row;
                while ((row = csv.nextRow()) != null && failure.get() == null) {
                    rows++;
                    final List<String> problems = writer.write(row.cells(), row.problems(), json);
                    if (!problems.isEmpty()) {
                        rejects.refuse(row.line(), problems);
                        progress.settled(1, 1);
                        continue;
                    }
                    lanes[laneOf(writer.laneKey(), lanes.length)].add(new Pending(row.line(), json.toByteArray()));
                }
            } else {
                final RowConverter converter = new RowConverter(settings.route(), catalog, settings.nullMarker());
                RawRow raw;
                while ((raw = source.next()) != null && failure.get() == null) {
                    rows++;
                    final RowConverter.Converted row = converter.convert(raw);
                    if (!row.problems().isEmpty()) {
                        rejects.refuse(row.line(), row.problems());
                        progress.settled(1, 1);
                        continue;
                    }
                    lanes[laneOf(row.item(), lanes.length)].add(Pending.of(row));
                }
            }
            for (final Lane lane : lanes) {
                lane.flush();
            }
            for (final Lane lane : lanes) {
                lane.await();
            }
            senders.shutdown();
            if (failure.get() != null) {
                throw failure.get();
            }
            final double seconds = (System.nanoTime() - started) / 1e9;
            return new Outcome(rows, counts.landed, rejects.count(), counts.skipped, seconds);
        } finally {
            senders.shutdownNow();
        }
    }

    private static final class Counts {
        long landed;
        long skipped;

        synchronized void add(final long landedRows, final long skippedRows) {
            landed += landedRows;
            skipped += skippedRows;
        }
    }

    /** A customer's lane: its id's hash, so all its rows travel in order through one lane. */
    static int laneOf(final ObjectNode item, final int lanes) {
        JsonNode id = item.get("id");
        if (id == null) {
            id = item.has("customer_id") ? item.get("customer_id") : item.get("email");
        }
        return laneOf(id == null ? null : id.asText(), lanes);
    }

    /** {@link #laneOf(ObjectNode, int)} for an id as text. */
    static int laneOf(final String id, final int lanes) {
        final String key = id == null ? "" : id.strip().toLowerCase(java.util.Locale.ROOT);
        return Math.floorMod(key.hashCode(), lanes);
    }

    /** The Idempotency-Key of a batch: the file's content hash, the settings that shape batches, and the position. */
    static String idempotencyKey(final String fileHash, final String route, final int batch, final int lanes,
                                 final int lane, final long index) {
        return "cdp-import:" + fileHash + ":" + route + ":" + batch + "x" + lanes + ":" + lane + "." + index;
    }

    private final class Lane {
        private final int number;
        private final String fileHash;
        private final ImportState state;
        private final Rejects rejects;
        private final Progress progress;
        private final Counts counts;
        private final AtomicReference<IOException> failure;
        private final ExecutorService senders;
        /** One batch sending and one being built, per lane: memory stays bounded whatever the file's size. */
        private final Semaphore inFlight = new Semaphore(1);
        private final List<Pending> building = new ArrayList<>();
        private long bytes;
        private long index;

        Lane(final int number, final String fileHash, final String identity, final ImportState state, final Rejects rejects,
             final Progress progress, final Counts counts, final AtomicReference<IOException> failure,
             final ExecutorService senders) {
            this.number = number;
            this.fileHash = fileHash;
            this.state = state;
            this.rejects = rejects;
            this.progress = progress;
            this.counts = counts;
            this.failure = failure;
            this.senders = senders;
        }

        void add(final Pending pending) throws InterruptedException {
            building.add(pending);
            bytes += pending.json().length;
            if (building.size() >= settings.batch() || bytes >= MAX_BATCH_BYTES) {
                flush();
            }
        }

        void flush() throws InterruptedException {
            if (building.isEmpty()) {
                return;
            }
            final List<Pending> batch = List.copyOf(building);
            building.clear();
            bytes = 0;
            final String key = idempotencyKey(fileHash, settings.route().label(), settings.batch(), settings.lanes(), number, index++);
            if (settings.dryRun()) {
                counts.add(batch.size(), 0);
                progress.settled(batch.size(), 0);
                return;
            }
            final ImportState.Ack ack = state.acked(key);
            if (ack != null) {
                counts.add(0, batch.size());
                progress.settled(batch.size(), 0);
                return;
            }
            inFlight.acquire();
            if (failure.get() != null) { // another lane failed: send nothing more
                inFlight.release();
                return;
            }
            senders.execute(() -> {
                try {
                    final long[] result = send(batch, key);
                    state.ack(key, result[0], result[1]);
                    counts.add(result[0], 0);
                    progress.settled(batch.size(), result[1]);
                } catch (IOException failed) {
                    failure.compareAndSet(null, failed);
                } catch (InterruptedException stopped) {
                    failure.compareAndSet(null, new IOException("batch " + key + " interrupted"));
                    Thread.currentThread().interrupt();
                } catch (RuntimeException bug) {
                    failure.compareAndSet(null, new IOException("batch " + key + " failed: " + bug, bug));
                } finally {
                    inFlight.release();
                }
            });
        }

        void await() throws InterruptedException {
            inFlight.acquire();
            inFlight.release();
        }

        /** Sends a batch; {landed, refused}. A 422 naming items refuses those and resends the rest. */
        private long[] send(final List<Pending> batch, final String key) throws IOException, InterruptedException {
            final Route route = settings.route();
            if (route.listField() == null) {
                long landed = 0;
                long refused = 0;
                for (int i = 0; i < batch.size(); i++) {
                    final ApiClient.Answer answer = api.post(route.path(), batch.get(i).json(), key + ":" + i);
                    if (answer.status() / 100 == 2) {
                        landed++;
                    } else {
                        refuse(batch.get(i), answer);
                        refused++;
                    }
                }
                return new long[] {landed, refused};
            }
            List<Pending> remaining = batch;
            long refused = 0;
            for (int round = 0; !remaining.isEmpty(); round++) {
                final ApiClient.Answer answer = api.post(route.path(), body(route.listField(), remaining),
                        round == 0 ? key : key + ":r" + round);
                if (answer.status() / 100 == 2) {
                    return new long[] {remaining.size(), refused};
                }
                if (answer.status() >= 500) {
                    throw new ApiClient.Failure("POST " + route.path() + " answered " + answer.status() + ": " + answer.body());
                }
                final java.util.Map<Integer, List<String>> named = namedItems(answer, remaining.size());
                if (named.isEmpty() || round >= MAX_RESENDS) {
                    for (final Pending row : remaining) {
                        refuse(row, answer);
                    }
                    return new long[] {0, refused + remaining.size()};
                }
                final List<Pending> next = new ArrayList<>();
                for (int i = 0; i < remaining.size(); i++) {
                    if (named.containsKey(i)) {
                        rejects.refuse(remaining.get(i).line(), named.get(i));
                        refused++;
                    } else {
                        next.add(remaining.get(i));
                    }
                }
                remaining = next;
            }
            return new long[] {0, refused};
        }

        private void refuse(final Pending row, final ApiClient.Answer answer) throws IOException {
            rejects.refuse(row.line(), List.of("ingest-api answered " + answer.status() + ": "
                    + ApiClient.shortened(answer.body())));
        }
    }

    /** A row waiting in its lane: its line number and its item as JSON, serialized once when it joins the lane. */
    record Pending(long line, byte[] json) {

        static Pending of(final RowConverter.Converted row) throws IOException {
            return new Pending(row.line(), JSON.writeValueAsBytes(row.item()));
        }
    }

    /**
     * {@code {"<listField>":[item,…]}} from items already serialized: the same bytes as serializing that object
     * whole (Jackson writes no whitespace), without walking each row's tree again for every request.
     */
    static byte[] body(final String listField, final List<Pending> items) throws IOException {
        final byte[] open = ("{" + JSON.writeValueAsString(listField) + ":[").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int size = open.length + Math.max(0, items.size() - 1) + 2;
        for (final Pending item : items) {
            size += item.json().length;
        }
        final java.nio.ByteBuffer body = java.nio.ByteBuffer.allocate(size).put(open);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                body.put((byte) ',');
            }
            body.put(items.get(i).json());
        }
        return body.put((byte) ']').put((byte) '}').array();
    }

    /** The items a 4xx names (by index in the batch) with their messages; empty when it names none. */
    static java.util.Map<Integer, List<String>> namedItems(final ApiClient.Answer answer, final int size) {
        final java.util.Map<Integer, List<String>> named = new java.util.TreeMap<>();
        final JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (IOException notJson) {
            return named;
        }
        if (body == null) {
            return named;
        }
        for (final JsonNode detail : body.path("detail")) { // Retainly: {"detail":[{"loc":["body","customers",3,"id"],"msg"}]}
            final JsonNode loc = detail.path("loc");
            if (loc.size() >= 3 && loc.get(2).canConvertToInt() && loc.get(2).asInt() < size) {
                final StringBuilder where = new StringBuilder();
                for (int i = 3; i < loc.size(); i++) {
                    where.append(i > 3 ? "." : "").append(loc.get(i).asText());
                }
                named.computeIfAbsent(loc.get(2).asInt(), i -> new ArrayList<>())
                        .add((where.isEmpty() ? "" : where + ": ") + detail.path("msg").asText());
            } else {
                return java.util.Map.of();
            }
        }
        for (final Iterator<java.util.Map.Entry<String, JsonNode>> it = body.path("errors").properties().iterator(); it.hasNext(); ) {
            final java.util.Map.Entry<String, JsonNode> error = it.next(); // Retently: {"errors":{"subscribers[0].email":["…"]}}
            final Matcher m = RETENTLY_INDEX.matcher(error.getKey());
            if (!m.find() || Integer.parseInt(m.group(1)) >= size) {
                return java.util.Map.of();
            }
            final String field = error.getKey().substring(m.end()).replaceFirst("^\\.", "");
            for (final JsonNode message : error.getValue()) {
                named.computeIfAbsent(Integer.parseInt(m.group(1)), i -> new ArrayList<>())
                        .add((field.isEmpty() ? "" : field + ": ") + message.asText());
            }
        }
        return named;
    }

    record Scan(String sha256, long lines) {
    }

    /** The file's SHA-256 (its identity for the batch keys) and its line count (for the ETA), in one pass. */
    static Scan scan(final Path file) throws IOException {
        final MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
        long lines = 0;
        final byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return new Scan(HexFormat.of().formatHex(digest.digest()), lines);
    }

    static boolean isJsonLines(final Path file) {
        final String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json");
    }

    private RowSource open(final Path file) throws IOException {
        final InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            if (isJsonLines(file)) {
                return new JsonLinesSource(in);
            }
            final CsvSource csv = CsvSource.open(in);
            if (!RowConverter.hasIdColumn(settings.route(), csv.header())) {
                throw new BadInputException("the header has no " + (settings.route() == Route.RETENTLY ? "email"
                        : "id or customer_id") + " column (columns: " + String.join(", ", csv.header()) + ")");
            }
            return csv;
        } catch (IOException | RuntimeException unusable) {
            in.close();
            throw unusable;
        }
    }
}
