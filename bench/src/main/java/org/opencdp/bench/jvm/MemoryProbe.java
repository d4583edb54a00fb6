package org.opencdp.bench.jvm;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
