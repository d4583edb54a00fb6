package org.opencdp.bench;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

import org.opencdp.bench.load.HttpLoad;
import org.opencdp.bench.load.LatencySummary;
import org.opencdp.bench.report.Figure;
import org.opencdp.bench.report.Target;

/** Figure 2: single-customer ingest, its maximum rate and its latency at 50 % and 90 % of it. */
final class SingleCustomerFigure {

    private final RunContext run;

    SingleCustomerFigure(final RunContext run) {
        this.run = run;
    }

    /** Returns the maximum rate (req/s), which the end-to-end figure runs at half of. */
    double measure(final HttpLoad load, final LongFunction<HttpLoad.Request> single) throws Exception {
        final BenchPlan plan = run.plan;
        run.log("2. single-customer ingest: maximum rate, " + plan.singleConcurrency() + " in flight for "
                + plan.maxRateProbe().toSeconds() + " s");
        run.profileStart("ingest-api", "profile-projector", "kafka");
        final HttpLoad.Result max = load.closedLoop(plan.singleConcurrency(), plan.maxRateProbe(), -1, single, (i, r) -> { });
        run.profileStop("2-single-customer-max", max.elapsed(), "ingest-api", "profile-projector", "kafka");
        run.log(String.format("   maximum %.0f req/s (%s)", max.perSecond(), RunContext.failures(max)));
        run.table.add(Figure.of("2. single-customer ingest, maximum rate", "req/s", max.perSecond(), new Target.AtLeast(20_000)));
        final Map<String, Object> phases = new LinkedHashMap<>();
        phases.put("max", Map.of("rate", max.perSecond(), "failed", max.failures(), "closed_loop_latency_ms", max.latency()));
        for (final int percent : List.of(50, 90)) {
            run.catchUp("before the " + percent + " % phase");
            final double rate = max.perSecond() * percent / 100.0;
            run.log(String.format("   %d %%: %.0f req/s for %d s", percent, rate, plan.ratePhase().toSeconds()));
            final HttpLoad.Result result = load.constantRate(rate, plan.ratePhase(), single, (i, r) -> { });
            final LatencySummary latency = result.latency();
            try (java.io.PrintStream hgrm = new java.io.PrintStream(
                    run.artifacts.resolve("latency-single-" + percent + ".hgrm").toFile(), StandardCharsets.UTF_8)) {
                result.latencyMicros().outputPercentileDistribution(hgrm, 1000.0);
            }
            phases.put(percent + "%", Map.of("rate", rate, "completed", result.completed(), "failed", result.failures(),
                    "latency_ms", latency));
            run.log(String.format("   p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms (%s)", latency.p50Ms(), latency.p99Ms(),
                    latency.p999Ms(), RunContext.failures(result)));
            final String at = " at " + percent + " % (" + Math.round(rate) + " req/s)";
            run.table.add(Figure.of("2. single-customer p50" + at, "ms", latency.p50Ms(), Target.none()));
            run.table.add(Figure.of("2. single-customer p99" + at, "ms", latency.p99Ms(),
                    percent == 50 ? new Target.AtMost(20) : Target.none()));
            run.table.add(Figure.of("2. single-customer p99.9" + at, "ms", latency.p999Ms(), Target.none()));
        }
        run.details.put("single_customer", phases);
        return max.perSecond();
    }
}
