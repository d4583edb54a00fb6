package org.opencdp.bench;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.opencdp.bench.jvm.MemoryProbe;
import org.opencdp.bench.report.Figure;
import org.opencdp.bench.report.Target;
import org.opencdp.embedded.QuarkusService;

import static org.opencdp.bench.RunContext.MIB;
import static org.opencdp.bench.RunContext.SERVICES;

/**
 * Figure 5: each service's heap after a full GC and RSS with all profiles folded, next to the same after the warm-up,
 * with a thirtieth of the profiles (a tenth at {@code --quick}) and the same kinds of work done: whether memory grows
 * with the profile count. The same at start, before any load, is kept in the JSON.
 */
final class MemoryFigure {

    /**
     * How long a service runs before it is measured warm: Micrometer's Kafka binders look for metrics a client added
     * once a minute, and Kafka Streams adds its tasks', processors' and stores' after the start. Measured sooner, a
     * baseline would miss those meters (about 8 MiB in the projector), which do not grow with the profile count.
     */
    static final Duration METERS_REGISTERED = Duration.ofSeconds(70);
    private static final Duration TASK_METERS_WAIT = Duration.ofMinutes(3);

    /** Memory of a service: heap in use after a full GC and resident set size. */
    record Memory(double heapMib, double rssMib) {
    }

    private final RunContext run;
    private Map<String, Memory> atStart;
    private Map<String, Memory> warm;
    private long warmProfiles;

    MemoryFigure(final RunContext run) {
        this.run = run;
    }

    /** Takes the figure's baseline: the services' memory before any load. */
    void atStart() throws Exception {
        atStart = memory("start");
    }

    /**
     * Takes the figure's baseline after the warm-up has been folded: {@code profiles} profiles, every kind of work
     * done once (single and batched writes, the fold, the catalog's decisions), each service running for at least
     * {@link #METERS_REGISTERED} and, in a Streams service, its tasks' meters registered (a binder's minute is
     * counted from when it was bound, not from the start: in run {@code 20261207-203749} the projector had been up
     * 85 s without them).
     */
    void afterWarmUp(final long profiles) throws Exception {
        for (final String name : SERVICES) {
            final Optional<Instant> started = ProcessHandle.of(run.stack.service(name).pid())
                    .flatMap(process -> process.info().startInstant());
            final Duration left = started.map(at -> METERS_REGISTERED.minus(Duration.between(at, Instant.now())))
                    .orElse(Duration.ZERO);
            if (left.isPositive()) {
                run.log("   waiting " + left.toSeconds() + " s until " + name + " has registered its meters");
                Thread.sleep(left.toMillis());
            }
            awaitTaskMeters(name);
        }
        warm = memory("warm");
        warmProfiles = profiles;
    }

    /** In a Streams service (one with thread meters), waits until its tasks' meters are there too, for at most 3 min. */
    private void awaitTaskMeters(final String name) throws InterruptedException {
        final String url = run.stack.service(name).url();
        if (!run.memory.meterCounts(url).contains(" kafka_stream_")) {
            return;
        }
        final long started = System.nanoTime();
        while (!run.memory.meterCounts(url).contains(" kafka_stream_task_")) {
            if (System.nanoTime() - started > TASK_METERS_WAIT.toNanos()) {
                run.log("   " + name + " registered no task meters within " + TASK_METERS_WAIT.toSeconds() + " s");
                return;
            }
            Thread.sleep(2000);
        }
        run.log(String.format("   %s: task meters registered after %.0f s more", name,
                (System.nanoTime() - started) / 1e9));
    }

    void measure() throws Exception {
        run.log("5. memory with " + run.plan.customers() + " profiles");
        final Map<String, Memory> atEnd = memory("end");
        final Map<String, Object> memoryDetails = new LinkedHashMap<>();
        memoryDetails.put("warm_profiles", warmProfiles);
        final String baseline = String.format("same with %,d profiles, after the warm-up", warmProfiles);
        for (final String service : SERVICES) {
            final Memory end = atEnd.get(service);
            final Memory before = warm.get(service);
            final Map<String, Object> serviceDetails = new LinkedHashMap<>(
                    Map.of("start", atStart.get(service), "warm", before, "end", end));
            serviceDetails.putAll(nativeMemory(service, end));
            memoryDetails.put(service, serviceDetails);
            run.table.add(Figure.compared("5. " + service + " heap after full GC, " + run.plan.customers() + " profiles", "MiB",
                    end.heapMib(), before.heapMib(), baseline, new Target.RatioAtMost(1.5)));
            // The projector holds the profiles: its RSS must stay bounded by configuration, not by their count.
            run.table.add(Figure.compared("5. " + service + " RSS, " + run.plan.customers() + " profiles", "MiB",
                    end.rssMib(), before.rssMib(), baseline,
                    service.equals("profile-projector") ? new Target.AtMost(512) : Target.none()));
        }
        memoryDetails.put("kafka_rss_mib", run.memory.rssBytes(run.kafkaPid).orElse(0) / MIB);
        run.details.put("memory", memoryDetails);
    }

    /**
     * Where the RSS at the end goes: what the JVM itself committed, by category (native memory tracking, kept whole
     * in {@code native-memory-<service>.txt}), and the rest, which native libraries (RocksDB) allocated.
     */
    private Map<String, Object> nativeMemory(final String service, final Memory end) throws Exception {
        final String summary = run.memory.nativeMemorySummary(run.stack.service(service).pid());
        Files.writeString(run.artifacts.resolve("native-memory-" + service + ".txt"), summary);
        final Map<String, Long> committedKib = MemoryProbe.parseNativeMemory(summary);
        if (!committedKib.containsKey("Total")) {
            run.errors.add("no native memory summary from " + service + ": " + summary.strip());
            return Map.of();
        }
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("jvm_committed_kib", committedKib);
        out.put("rss_outside_jvm_mib", end.rssMib() - committedKib.get("Total") / 1024.0);
        run.log(String.format("   %s: RSS %.0f MiB, the JVM's own %.0f MiB (heap %.0f), outside the JVM %.0f MiB",
                service, end.rssMib(), committedKib.get("Total") / 1024.0,
                committedKib.getOrDefault("Java Heap", 0L) / 1024.0, out.get("rss_outside_jvm_mib")));
        // What the C library still held free at that moment: a trim now hands it back and says how much it was.
        final String trimmed = run.memory.trimNativeHeap(run.stack.service(service).pid());
        out.put("trim_native_heap", trimmed);
        run.log("   " + service + ": " + trimmed);
        return out;
    }

    /**
     * Each service's live heap and RSS. The heap is what its class histogram counts after the full collection
     * {@code jcmd GC.class_histogram} makes (kept as {@code class-histogram-<service>-<when>.txt}); read from the
     * service's own metrics it would count the garbage its answer made. Its meters, counted by name, are kept as
     * {@code meters-<service>-<when>.txt}, taken after, so their scrape is not counted.
     */
    private Map<String, Memory> memory(final String when) throws Exception {
        final Map<String, Memory> out = new LinkedHashMap<>();
        for (final String name : SERVICES) {
            final QuarkusService service = run.stack.service(name);
            final String histogram = run.memory.classHistogram(service.pid());
            Files.writeString(run.artifacts.resolve("class-histogram-" + name + "-" + when + ".txt"), histogram);
            final OptionalLong heap = MemoryProbe.parseHistogramTotal(histogram);
            final OptionalLong rss = run.memory.rssBytes(service.pid());
            out.put(name, new Memory(heap.isPresent() ? heap.getAsLong() / MIB : Double.NaN,
                    rss.isPresent() ? rss.getAsLong() / MIB : Double.NaN));
            Files.writeString(run.artifacts.resolve("meters-" + name + "-" + when + ".txt"),
                    run.memory.meterCounts(service.url()));
        }
        return out;
    }
}
