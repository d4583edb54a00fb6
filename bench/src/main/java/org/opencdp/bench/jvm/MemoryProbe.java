package org.opencdp.bench.jvm;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process's memory: resident set size from {@code /proc/<pid>/status}, and a JVM's live heap from its class
 * histogram ({@code jcmd GC.class_histogram}, taken after a full collection). A Quarkus service's meters, counted
 * by name from its Prometheus metrics ({@code /q/metrics}), say what its metrics hold of that heap.
 */
public final class MemoryProbe {

    private static final Pattern VM_RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+)\\s+kB");
    /** The last line of a class histogram: {@code Total  1279255  56367112} (instances, bytes). */
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");
    /** A class histogram's row of the collector's filler objects: {@code 12:  3022  8755168  [Ljdk.internal.vm.FillerElement;}. */
    private static final Pattern HISTOGRAM_FILLER = Pattern.compile(
            "(?m)^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+\\[?L?jdk\\.internal\\.vm\\.Filler\\w*;?( |$)");
    /** A sample line of the Prometheus text format: its metric name, up to the labels or the value. */
    private static final Pattern SAMPLE_NAME = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");

    /** A category of {@code VM.native_memory summary}: {@code -  Java Heap (reserved=262144KB, committed=262144KB)}. */
    private static final Pattern NMT_CATEGORY = Pattern.compile(
            "(?m)^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB");
    private static final Pattern NMT_TOTAL = Pattern.compile("(?m)^Total: reserved=(\\d+)KB, committed=(\\d+)KB");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Resident set size in bytes; empty when the process is gone or /proc is not there. */
    public OptionalLong rssBytes(final long pid) {
        try {
            return parseVmRss(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * The service's metric series counted by name, most first, one {@code <count> <name>} a line, and the total
     * first; empty when it does not answer.
     */
    public String meterCounts(final String baseUrl) throws InterruptedException {
        try {
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? summarizeMeters(response.body()) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The live objects of the JVM {@code pid} by class, largest first ({@code jcmd <pid> GC.class_histogram}, which
     * makes a full collection first); {@link #parseHistogramTotal} reads their bytes.
     */
    public String classHistogram(final long pid) throws IOException, InterruptedException {
        return Jcmd.run(pid, "GC.class_histogram");
    }

    /**
     * What the JVM {@code pid}, started with {@code -XX:NativeMemoryTracking=summary}, says it has committed
     * ({@code jcmd <pid> VM.native_memory summary}): the text as it answered, to keep beside the figures.
     */
    public String nativeMemorySummary(final long pid) throws IOException, InterruptedException {
        return Jcmd.run(pid, "VM.native_memory", "summary");
    }

    /**
     * Hands the C library's free memory of the JVM {@code pid} back to the system ({@code jcmd <pid>
     * System.trim_native_heap}) and answers the JVM's one-line account of it, e.g. {@code RSS+Swap: 560M->480M (-80M)}.
     */
    public String trimNativeHeap(final long pid) throws IOException, InterruptedException {
        return Jcmd.run(pid, "System.trim_native_heap").lines().filter(line -> line.contains("RSS"))
                .findFirst().orElse("no trim reported").strip();
    }

    /**
     * The committed kibibytes of each category of a native memory summary, in its order, the total first
     * ({@code "Total"}); memory the JVM did not allocate itself (a native library's malloc, e.g. RocksDB's) is in
     * none of them, so RSS minus the total is what such libraries hold, give or take untouched committed pages.
     */
    public static Map<String, Long> parseNativeMemory(final String summary) {
        final Map<String, Long> committed = new LinkedHashMap<>();
        final Matcher total = NMT_TOTAL.matcher(summary);
        if (total.find()) {
            committed.put("Total", Long.parseLong(total.group(2)));
        }
        final Matcher category = NMT_CATEGORY.matcher(summary);
        while (category.find()) {
            committed.put(category.group(1).strip(), Long.parseLong(category.group(3)));
        }
        return committed;
    }

    static OptionalLong parseVmRss(final String status) {
        final Matcher m = VM_RSS.matcher(status);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1)) * 1024) : OptionalLong.empty();
    }

    /**
     * The bytes of every live object a class histogram counted (its {@code Total} line), less the JVM's filler
     * objects: dead space the collector formats as arrays of {@code jdk.internal.vm.FillerElement} (1.7 to 8.4 MiB
     * of ingest-api's histograms in run {@code 20261207-203749}), which hold nothing.
     */
    public static OptionalLong parseHistogramTotal(final String histogram) {
        final Matcher m = HISTOGRAM_TOTAL.matcher(histogram);
        if (!m.find()) {
            return OptionalLong.empty();
        }
        long fillers = 0;
        final Matcher filler = HISTOGRAM_FILLER.matcher(histogram);
        while (filler.find()) {
            fillers += Long.parseLong(filler.group(1));
        }
        return OptionalLong.of(Long.parseLong(m.group(1)) - fillers);
    }

    static String summarizeMeters(final String metrics) {
        final Map<String, Long> byName = new HashMap<>();
        metrics.lines().filter(line -> !line.startsWith("#")).map(SAMPLE_NAME::matcher).filter(Matcher::find)
                .forEach(m -> byName.merge(m.group(1), 1L, Long::sum));
        final StringBuilder out = new StringBuilder();
        out.append(byName.values().stream().mapToLong(Long::longValue).sum()).append(" series\n");
        byName.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> out.append(e.getValue()).append(' ').append(e.getKey()).append('\n'));
        return out.toString();
    }
}
