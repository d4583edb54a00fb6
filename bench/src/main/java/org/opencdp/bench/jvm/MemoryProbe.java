package org.opencdp.bench.jvm;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process's memory: resident set size from {@code /proc/<pid>/status}, and a Quarkus service's heap in use
 * from its Prometheus metrics ({@code /q/metrics}), after a full GC requested through {@code jcmd}.
 */
public final class MemoryProbe {

    private static final Pattern VM_RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+)\\s+kB");
    private static final Pattern HEAP_USED = Pattern.compile(
            "(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*}\\s+([0-9.eE+-]+)");

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

    /** The service's heap in use (every heap pool), in bytes, from {@code baseUrl}/q/metrics. */
    public OptionalLong heapUsedBytes(final String baseUrl) throws InterruptedException {
        try {
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? parseHeapUsed(response.body()) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** Asks the JVM {@code pid} for a full collection ({@code jcmd <pid> GC.run}), so heap figures compare. */
    public void fullGc(final long pid) throws IOException, InterruptedException {
        Jcmd.run(pid, "GC.run");
    }

    /** The live objects of the JVM {@code pid} by class, largest first ({@code jcmd <pid> GC.class_histogram}). */
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

    static OptionalLong parseHeapUsed(final String metrics) {
        final Matcher m = HEAP_USED.matcher(metrics);
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
            found = true;
        }
        return found ? OptionalLong.of((long) sum) : OptionalLong.empty();
    }
}
