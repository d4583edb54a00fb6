package org.opencdp.bench.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.opencdp.embedded.ChildProcess;

/**
 * Kafka's own producer benchmark ({@code org.apache.kafka.tools.ProducerPerformance}, as in
 * {@code kafka-producer-perf-test.sh}) in a child JVM: the ingest baseline.
 */
public final class ProducerPerformanceRun {

    /** The summary line ProducerPerformance prints last. */
    public record Summary(long records, double recordsPerSecond, double mbPerSecond, double avgLatencyMs,
                          double maxLatencyMs, int p50Ms, int p95Ms, int p99Ms, int p999Ms) {
    }

    private static final Pattern SUMMARY = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, "
                    + "([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99\\.9th");

    /** The final summary in ProducerPerformance's output, if it got that far. */
    public static Optional<Summary> parse(final String output) {
        final Matcher m = SUMMARY.matcher(output);
        Summary last = null;
        while (m.find()) {
            last = new Summary(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                    Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)), Integer.parseInt(m.group(6)),
                    Integer.parseInt(m.group(7)), Integer.parseInt(m.group(8)), Integer.parseInt(m.group(9)));
        }
        return Optional.ofNullable(last);
    }

    /** The tool's arguments: {@code records} records of {@code recordSize} bytes, as fast as possible. */
    public static List<String> arguments(final String topic, final long records, final int recordSize,
                                         final Map<String, String> producerSettings) {
        final List<String> args = new java.util.ArrayList<>(List.of("--topic", topic,
                "--num-records", Long.toString(records), "--record-size", Integer.toString(recordSize),
                "--throughput", "-1", "--producer-props"));
        producerSettings.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> args.add(e.getKey() + "=" + e.getValue()));
        return args;
    }

    /** Runs the tool to the end and returns its summary; the whole output is kept in {@code logFile}. */
    public static Summary run(final List<String> jvmOptions, final List<String> arguments, final Path logFile,
                              final Duration timeout) throws IOException, InterruptedException {
        final ChildProcess tool = ChildProcess.start("producer-performance", jvmOptions,
                ChildProcess.thisClasspath(),
                "org.apache.kafka.tools.ProducerPerformance", arguments, logFile.getParent(), logFile);
        final int exit = tool.awaitExit(timeout);
        final String output = Files.readString(logFile, StandardCharsets.UTF_8);
        if (exit != 0) {
            throw new IllegalStateException("ProducerPerformance exited with " + exit + "; see " + logFile);
        }
        return parse(output).orElseThrow(() -> new IllegalStateException(
                "ProducerPerformance printed no summary; see " + logFile));
    }

    private ProducerPerformanceRun() {
    }
}
