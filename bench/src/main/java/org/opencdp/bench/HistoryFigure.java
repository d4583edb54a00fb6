package org.opencdp.bench;

import static org.opencdp.bench.RunContext.CATCH_UP_TIMEOUT;
import static org.opencdp.bench.RunContext.COMMANDS;
import static org.opencdp.bench.RunContext.PROJECTOR_GROUP;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.UpsertAttributes;
import org.opencdp.bench.kafka.FoldProgress;
import org.opencdp.bench.load.LatencySummary;
import org.opencdp.bench.report.Figure;
import org.opencdp.bench.report.Target;
import org.opencdp.embedded.QuarkusService;
import org.opencdp.embedded.SharedInfrastructure;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.RestSchemaRegistry;

/**
 * Figure 7, history and time travel (issue "History and time travel", docs/history.md): the history route and
 * {@code ?as_of=} a year back on a profile with 10,000 history entries, the export of every profile, disk per
 * history entry, and the fold rate with history on against off on the same commands.
 */
final class HistoryFigure {

    static final String CUSTOMER = "bench-history";
    private static final int ENTRIES = 10_000;
    private static final int WARM_UP = 50;
    private static final int QUERIES = 300;
    /** The entries' span: within the default retention (400 days), so none is dropped for its age. */
    private static final Duration SPAN = Duration.ofDays(399);
    private static final String HISTORY_CHANGELOG = PROJECTOR_GROUP + "-customer-history-changelog";

    private final RunContext run;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HistoryFigure(final RunContext run) {
        this.run = run;
    }

    /** The history route and as_of on a profile of 10,000 entries, the export, and disk per entry. */
    void measureReads(final String workspace, final String token) throws Exception {
        final QuarkusService projector = run.stack.service("profile-projector");
        final Instant newest = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        run.log("7. history: " + ENTRIES + " changes of customer " + CUSTOMER + " over " + SPAN.toDays()
                + " days, written to " + COMMANDS + " as a direct producer would");
        writeChanges(workspace, newest);
        run.kafka.awaitCaughtUp(PROJECTOR_GROUP, COMMANDS, CATCH_UP_TIMEOUT);
        final String base = projector.url();
        final String history = base + "/customers/" + CUSTOMER + "/history?limit=100";
        final String asOf = base + "/customers/" + CUSTOMER + "?as_of="
                + URLEncoder.encode(newest.minus(Duration.ofDays(365)).toString(), StandardCharsets.UTF_8);
        final LatencySummary historyLatency = latency(history, token);
        final LatencySummary asOfLatency = latency(asOf, token);
        run.log(String.format("   history (last 100): p50 %.2f ms, p99 %.2f ms; as_of a year back: p50 %.2f ms, p99 %.2f ms",
                historyLatency.p50Ms(), historyLatency.p99Ms(), asOfLatency.p50Ms(), asOfLatency.p99Ms()));

        run.log("   export of every profile of the workspace (GET /customers/export)");
        final long started = System.nanoTime();
        final AtomicLong lines = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final HttpResponse<Stream<String>> export = http.send(HttpRequest.newBuilder(URI.create(base + "/customers/export"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> body = export.body()) {
            body.forEach(line -> (line.startsWith("{\"error\"") ? errors : lines).incrementAndGet());
        }
        final double exportSeconds = (System.nanoTime() - started) / 1e9;
        final double exportRate = export.statusCode() == 200 && errors.get() == 0 ? lines.get() / exportSeconds : Double.NaN;
        run.log(String.format("   exported %d profiles in %.1f s (%.0f/s), status %d, %d error lines", lines.get(),
                exportSeconds, exportRate, export.statusCode(), errors.get()));

        // Entries since the projector's last start (figure 3's restart): those written (a profile written once holds
        // its creation's entries itself, in the profile store) and those filed in customer-history (a creation once
        // its next step files it), whose disk this is. The warm-up's, filed before that start, are on disk but not
        // counted, so the figure is a little high.
        final long entries = counted(base, "cdp_history_entries_total");
        final long filed = counted(base, "cdp_history_entries_filed_total");
        final long steps = run.kafka.endOffset(HISTORY_CHANGELOG);
        // The store's directories hold what RocksDB flushed so far (a step may still be in a memtable); the
        // changelog's log files on the broker hold every step filed, each once until compaction: the steady measure.
        final long bytes = bytesUnder(dir -> dir.getFileName().toString().equals("customer-history")
                && dir.toString().contains(PROJECTOR_GROUP), file -> true);
        final long changelogBytes = bytesUnder(dir -> dir.getFileName().toString().startsWith(HISTORY_CHANGELOG + "-"),
                file -> file.getFileName().toString().endsWith(".log"));
        final double perEntry = filed <= 0 ? Double.NaN : (double) changelogBytes / filed;
        run.log(String.format("   customer-history: %d bytes in its changelog, %d flushed to the store's files; since the "
                + "projector's start %d entries written, %d filed in the store, %d steps in the changelog (%.1f bytes "
                + "a filed entry)", changelogBytes, bytes, entries, filed, steps, perEntry));

        run.details.put("history", Map.of(
                "history_last_100", Map.of("p50_ms", historyLatency.p50Ms(), "p99_ms", historyLatency.p99Ms(), "queries", QUERIES),
                "as_of_year_back", Map.of("p50_ms", asOfLatency.p50Ms(), "p99_ms", asOfLatency.p99Ms(), "queries", QUERIES),
                "export", Map.of("profiles", lines.get(), "seconds", exportSeconds, "per_second", exportRate,
                        "status", export.statusCode(), "error_lines", errors.get()),
                "disk", Map.of("changelog_bytes", changelogBytes, "store_bytes_flushed", bytes, "entries_since_start", entries,
                        "filed_since_start", filed, "changelog_steps", steps, "bytes_per_filed_entry", perEntry)));
        run.table.add(Figure.of("7. history, last 100 entries of 10,000, p50", "ms", historyLatency.p50Ms(), Target.none()));
        run.table.add(Figure.of("7. history, last 100 entries of 10,000, p99", "ms", historyLatency.p99Ms(),
                new Target.AtMost(50)));
        run.table.add(Figure.of("7. as_of a year back, 10,000 entries, p50", "ms", asOfLatency.p50Ms(), Target.none()));
        run.table.add(Figure.of("7. as_of a year back, 10,000 entries, p99", "ms", asOfLatency.p99Ms(), new Target.AtMost(50)));
        run.table.add(Figure.of("7. export (GET /customers/export, " + lines.get() + " profiles)", "profiles/s",
                exportRate, new Target.AtLeast(50_000)));
        run.table.add(Figure.of("7. disk per history entry filed (customer-history changelog / entries filed)", "bytes",
                perEntry, Target.none()));
    }

    /**
     * The fold rate with history on against off: four more projector instances, each of its own application id (so
     * each folds the whole command topic from its start into state of its own), one after the other for the same
     * window, while the stack's projector is stopped. They run on, off, off, on: whatever drifts over the minutes
     * they take (the broker's background work, the page cache, other processes) weighs on both alike, which one pair
     * in a fixed order does not (runs of one pair gave ratios from 0.65 to 0.82 for the same code).
     */
    void measureFoldCost(final List<String> options) throws Exception {
        final QuarkusService projector = run.stack.service("profile-projector");
        projector.close();
        final long target = run.kafka.endOffset(COMMANDS);
        run.log("7. fold rate with history on and off: four instances of their own (on, off, off, on), each folding the "
                + target + " commands from the start for up to " + window().toSeconds() + " s");
        final FoldProgress on1 = fold("bench-history-on-1", true, target, options);
        final FoldProgress off1 = fold("bench-history-off-1", false, target, options);
        final FoldProgress off2 = fold("bench-history-off-2", false, target, options);
        final FoldProgress on2 = fold("bench-history-on-2", true, target, options);
        final double on = rate(on1, on2);
        final double off = rate(off1, off2);
        run.log(String.format("   history on: %.0f and %.0f commands/s (%.0f); off: %.0f and %.0f commands/s (%.0f)",
                on1.perSecond(), on2.perSecond(), on, off1.perSecond(), off2.perSecond(), off));
        run.details.put("history_fold", Map.of("order", List.of("on", "off", "off", "on"),
                "on", Map.of("runs", List.of(details(on1), details(on2)), "per_second", on),
                "off", Map.of("runs", List.of(details(off1), details(off2)), "per_second", off)));
        run.table.add(Figure.compared("7. fold rate with history on (same commands, own application id)", "commands/s",
                on, off, "history off commands/s", new Target.RatioAtLeast(0.8)));
    }

    /**
     * Each instance's window: half of figure 3's. Four instances of figure 3's whole window took 5 of the run's
     * minutes (run 20261207-110419); the figure is a ratio of two rates, each over two instances' windows.
     */
    private Duration window() {
        return run.plan.foldWindow().dividedBy(2);
    }

    /** Records folded over seconds folding, of two runs together. */
    private static double rate(final FoldProgress first, final FoldProgress second) {
        return (first.records() + second.records()) / (first.seconds() + second.seconds());
    }

    private static Map<String, Object> details(final FoldProgress progress) {
        return Map.of("records", progress.records(), "seconds", progress.seconds(), "per_second", progress.perSecond());
    }

    private FoldProgress fold(final String applicationId, final boolean history, final long target,
                              final List<String> options) throws Exception {
        final List<String> jvm = new ArrayList<>(options);
        jvm.add("-Dquarkus.kafka-streams.application-id=" + applicationId);
        jvm.add("-Dcdp.projector.history.enabled=" + history);
        final QuarkusService instance = run.stack.replica("profile-projector", SharedInfrastructure.freePort(), jvm);
        final FoldProgress progress = new FoldProgress(target);
        try {
            instance.start();
            instance.awaitReady(Duration.ofMinutes(2));
            run.kafka.follow(applicationId, COMMANDS, progress, Duration.ofMillis(200), window(), CATCH_UP_TIMEOUT);
        } finally {
            instance.close();
        }
        return progress;
    }

    private void writeChanges(final String workspace, final Instant newest) {
        final Topic.Serdes<CustomerKey, CustomerCommand> serdes = Topics.CUSTOMER_COMMANDS.serdes(
                new RestSchemaRegistry(run.stack.endpoints().registryUrl()));
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, run.stack.endpoints().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        run.stack.kafkaClientSecurity().forEach(props::put);
        final CustomerKey key = new CustomerKey(workspace, CUSTOMER);
        final long step = SPAN.toMillis() / (ENTRIES - 1);
        try (KafkaProducer<CustomerKey, CustomerCommand> producer = new KafkaProducer<>(props,
                serdes.key().serializer(), serdes.value().serializer())) {
            for (int i = 0; i < ENTRIES; i++) {
                final Instant at = newest.minusMillis(step * (ENTRIES - 1 - i));
                final Map<String, Object> attributes = new HashMap<>();
                attributes.put("history_counter", (long) i);
                producer.send(new ProducerRecord<>(COMMANDS, null, at.toEpochMilli(), key, new CustomerCommand(
                        "bench-history-" + i, workspace, CUSTOMER, "bench-history-r" + i, at, "upstream",
                        ApiFamily.UPSTREAM, new UpsertAttributes(attributes, new HashMap<>()), null, false, null)));
            }
            producer.flush();
        }
    }

    private LatencySummary latency(final String url, final String token) throws Exception {
        final HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10)).GET().build();
        final Histogram micros = new Histogram(3);
        for (int i = 0; i < WARM_UP + QUERIES; i++) {
            final long started = System.nanoTime();
            final HttpResponse<byte[]> answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            final long took = (System.nanoTime() - started) / 1000;
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + answer.statusCode() + ": "
                        + new String(answer.body(), StandardCharsets.UTF_8));
            }
            if (i >= WARM_UP) {
                micros.recordValue(took);
            }
        }
        return LatencySummary.of(micros);
    }

    /** The counter {@code metric} of the projector at {@code base}; -1 when it cannot be read. */
    private long counted(final String base, final String metric) throws InterruptedException {
        try {
            final HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            return metrics.body().lines().filter(line -> line.startsWith(metric + " ") || line.startsWith(metric + "{"))
                    .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
        } catch (IOException | NumberFormatException e) {
            run.errors.add(metric + " not read from " + base + "/q/metrics: " + e);
            return -1;
        }
    }

    /** Bytes of the files {@code file} accepts in the stack's directories {@code dir} accepts (not nested in another). */
    private long bytesUnder(final Predicate<Path> dir, final Predicate<Path> file) {
        try (Stream<Path> paths = Files.walk(run.data)) {
            final List<Path> dirs = paths.filter(Files::isDirectory).filter(dir).toList();
            long bytes = 0;
            for (final Path found : dirs) {
                try (Stream<Path> files = Files.walk(found)) {
                    bytes += files.filter(Files::isRegularFile).filter(file).mapToLong(one -> {
                        try {
                            return Files.size(one);
                        } catch (IOException gone) {
                            return 0; // a file compaction or a segment roll removed meanwhile
                        }
                    }).sum();
                }
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
