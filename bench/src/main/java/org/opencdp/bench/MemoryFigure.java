package org.opencdp.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

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
    }

    void measure() throws Exception {
        run.log("5. memory with " + run.plan.customers() + " profiles");
        final Map<String, Memory> atEnd = memory();
        final Map<String, Object> memoryDetails = new LinkedHashMap<>();
        for (final String service : SERVICES) {
            final Memory start = atStart.get(service);
            final Memory end = atEnd.get(service);
            memoryDetails.put(service, Map.of("start", start, "end", end));
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
