package org.opencdp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.opencdp.bench.jvm.GcLog;

/**
 * Writes what a run leaves behind: the GC summary, the hot methods and the table in the run's artifact
 * directory, and the JSON (figures, details, errors) as {@code <stamp>.json} and {@code latest.json}.
 */
record ReportWriter(Path root, Path results, String stamp) {

    void write(final RunContext run) throws IOException {
        summarizeGcLogs(run);
        Files.write(run.artifacts.resolve("hot-methods.txt"), run.hotMethods);
        writeJson(run);
    }

    private static void summarizeGcLogs(final RunContext run) throws IOException {
        final Map<String, Object> gc = new LinkedHashMap<>();
        final List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(run.artifacts)) {
            for (final Path file : files.filter(f -> f.getFileName().toString().startsWith("gc-")).sorted().toList()) {
                final GcLog summary = GcLog.parse(Files.readString(file));
                gc.put(file.getFileName().toString(), Map.of("pauses", summary.pauses(),
                        "total_pause_ms", summary.totalPauseMs(), "max_pause_ms", summary.maxPauseMs(),
                        "pause_percent", summary.pausePercent(), "heap_after_last_gc_mib", summary.lastHeapAfterKb() / 1024.0));
                lines.add(String.format("%-36s %5d pauses, %8.0f ms total (%.1f %% of %.0f s), longest %.0f ms, "
                                + "heap after last %.0f MiB", file.getFileName(), summary.pauses(), summary.totalPauseMs(),
                        summary.pausePercent(), summary.uptimeSeconds(), summary.maxPauseMs(), summary.lastHeapAfterKb() / 1024.0));
            }
        }
        run.details.put("gc", gc);
        Files.write(run.artifacts.resolve("gc-summary.txt"), lines);
    }

    private void writeJson(final RunContext run) throws IOException {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", stamp);
        json.put("scale", run.plan.scale());
        json.put("wall_clock_seconds", (System.nanoTime() - run.started) / 1e9);
        json.put("figures", run.table.asData());
        json.put("details", run.details);
        json.put("errors", run.errors);
        json.put("artifacts", root.relativize(run.artifacts).toString());
        final String text = Json.write(json);
        Files.writeString(results.resolve(stamp + ".json"), text);
        Files.writeString(results.resolve("latest.json"), text);
        Files.writeString(run.artifacts.resolve("table.txt"), run.table.render());
    }
}
