package org.opencdp.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

import org.opencdp.bench.baseline.BaselineServer;
import org.opencdp.bench.load.HttpLoad;
import org.opencdp.bench.load.LatencySummary;
import org.opencdp.bench.report.Figure;
import org.opencdp.bench.report.Target;
import org.opencdp.embedded.ChildProcess;
import org.opencdp.embedded.SharedInfrastructure;

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
                + plan.maxRateProbe().toSeconds() + " s after a warm-up as long (as the baseline's)");
        // The same warm-up as the baseline server's, right before: the batched ingest and the fold ran since the
        // run's first warm-up, and the JIT was still compiling the single-customer path in this phase (51 % of
        // ingest-api's samples, run 20261207-091603) while the baseline was measured warm.
        load.closedLoop(plan.singleConcurrency(), plan.maxRateProbe(), -1, single, (i, r) -> { });
        run.catchUp("after the single-customer warm-up");
        run.profileStart("ingest-api", "profile-projector", "kafka");
        final HttpLoad.Result max = load.closedLoop(plan.singleConcurrency(), plan.maxRateProbe(), -1, single, (i, r) -> { });
        run.profileStop("2-single-customer-max", max.elapsed(), "ingest-api", "profile-projector", "kafka");
        run.log(String.format("   maximum %.0f req/s (%s)", max.perSecond(), RunContext.failures(max)));
        final double baseline = baselineMaximum(single);
        run.table.add(Figure.compared("2. single-customer ingest, maximum rate", "req/s", max.perSecond(), baseline,
                "baseline HTTP server req/s", new Target.RatioAtLeast(0.5)));
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
            run.noteUnanswered("2. single customer at " + percent + " %", result.failures());
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

    /**
     * The same requests, the same load generator and concurrency, against {@link BaselineServer} in its own JVM
     * with the services' heap, GC and JIT: what this machine's HTTP layer alone answers.
     */
    private double baselineMaximum(final LongFunction<HttpLoad.Request> single) throws Exception {
        final BenchPlan plan = run.plan;
        final int port = SharedInfrastructure.freePort();
        run.log("   baseline: a bare Vert.x HTTP server answering 200 to the same requests, same load, "
                + plan.maxRateProbe().toSeconds() + " s after a warm-up as long");
        try (ChildProcess server = ChildProcess.start("baseline-http-server", RunContext.SERVICE_JVM,
                ChildProcess.thisClasspath(), BaselineServer.class.getName(), List.of(Integer.toString(port)),
                run.data, run.artifacts.resolve("baseline-http-server.log"));
             HttpLoad load = new HttpLoad("127.0.0.1", port, plan.connections())) {
            server.awaitUntil(() -> listening(port), Instant.now().plusSeconds(30), "The baseline HTTP server did not start");
            load.closedLoop(plan.singleConcurrency(), plan.maxRateProbe(), -1, single, (i, r) -> { });
            run.profiler.start(server.pid());
            final HttpLoad.Result max = load.closedLoop(plan.singleConcurrency(), plan.maxRateProbe(), -1, single,
                    (i, r) -> { });
            final Path profile = run.artifacts.resolve("profile-2-single-customer-max-baseline-http-server.collapsed");
            run.profiler.stop(server.pid(), profile);
            run.collectHotMethods("2-single-customer-max", "baseline-http-server", profile, max.elapsed());
            run.log(String.format("   baseline: %.0f req/s (%s)", max.perSecond(), RunContext.failures(max)));
            run.details.put("single_customer_baseline", Map.of("rate", max.perSecond(), "failed", max.failures(),
                    "closed_loop_latency_ms", max.latency()));
            return max.perSecond();
        }
    }

    private static boolean listening(final int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }
}
