package org.opencdp.bench;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import org.opencdp.bench.jvm.MemoryProbe;
import org.opencdp.bench.report.Figure;
import org.opencdp.bench.report.Target;
import org.opencdp.embedded.QuarkusService;

import static org.opencdp.bench.RunContext.MIB;
import static org.opencdp.bench.RunContext.SERVICES;

/** Figure 5: each service's heap after a full GC and RSS with all profiles folded, next to the same at start. */
final class MemoryFigure {

    /** Memory of a service: heap in use after a full GC and resident set size. */
    record Memory(double heapMib, double rssMib) {
    }

    private final RunContext run;
    private Map<String, Memory> atStart;

    MemoryFigure(final RunContext run) {
        this.run = run;
    }

    /** Takes the figure's baseline: the services' memory before any load. */
    void atStart() throws Exception {
        atStart = memory();
        histograms("start");
    }

    void measure() throws Exception {
        run.log("5. memory with " + run.plan.customers() + " profiles");
        final Map<String, Memory> atEnd = memory();
        histograms("end");
        final Map<String, Object> memoryDetails = new LinkedHashMap<>();
        for (final String service : SERVICES) {
            final Memory start = atStart.get(service);
            final Memory end = atEnd.get(service);
            final Map<String, Object> serviceDetails = new LinkedHashMap<>(Map.of("start", start, "end", end));
            serviceDetails.putAll(nativeMemory(service, end));
            memoryDetails.put(service, serviceDetails);
            run.table.add(Figure.compared("5. " + service + " heap after full GC, " + run.plan.customers() + " profiles", "MiB",
                    end.heapMib(), start.heapMib(), "same at start", new Target.RatioAtMost(1.5)));
            // The projector holds the profiles: its RSS must stay bounded by configuration, not by their count.
            run.table.add(Figure.compared("5. " + service + " RSS, " + run.plan.customers() + " profiles", "MiB",
                    end.rssMib(), start.rssMib(), "same at start",
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
     * Each service's live objects by class ({@code jcmd GC.class_histogram}, after a full collection), kept as
     * {@code class-histogram-<service>-<when>.txt}: what the heap after a full GC grew by between start and end.
     */
    private void histograms(final String when) throws Exception {
        for (final String name : SERVICES) {
            Files.writeString(run.artifacts.resolve("class-histogram-" + name + "-" + when + ".txt"),
                    run.memory.classHistogram(run.stack.service(name).pid()));
        }
    }

    private Map<String, Memory> memory() throws Exception {
        final Map<String, Memory> out = new LinkedHashMap<>();
        for (final String name : SERVICES) {
            final QuarkusService service = run.stack.service(name);
            run.memory.fullGc(service.pid());
            final OptionalLong heap = run.memory.heapUsedBytes(service.url());
            final OptionalLong rss = run.memory.rssBytes(service.pid());
            out.put(name, new Memory(heap.isPresent() ? heap.getAsLong() / MIB : Double.NaN,
                    rss.isPresent() ? rss.getAsLong() / MIB : Double.NaN));
        }
        return out;
    }
}
