package org.opencdp.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opencdp.bench.kafka.FoldProgress;
import org.opencdp.bench.load.HttpLoad;
import org.opencdp.bench.report.Figure;
import org.opencdp.bench.report.Target;
import org.opencdp.embedded.QuarkusService;
import org.opencdp.embedded.SharedInfrastructure;

import static org.opencdp.bench.RunContext.CATCH_UP_TIMEOUT;
import static org.opencdp.bench.RunContext.COMMANDS;
import static org.opencdp.bench.RunContext.PROJECTOR_GROUP;

/**
 * Figure 6 (docs/scaling.md): the fold with one profile-projector instance, then with a second instance of the
 * same application on the same backlog. The command topic is filled again with the projector stopped; it
 * restarts alone and is followed for one window; a second instance (own state directory and port) joins, and
 * once it has restored its partitions and reports ready, both are followed for another window. It runs last,
 * after the memory figure, so it changes nothing the other figures measure.
 */
final class ScalingFigure {

    private static final Duration SAMPLE = Duration.ofMillis(200);
    /** Seconds of backlog set aside for the second instance's start and restore (about 11 s at 100k profiles). */
    private static final int RESTORE_ALLOWANCE_S = 30;

    private final RunContext run;

    ScalingFigure(final RunContext run) {
        this.run = run;
    }

    /**
     * @param foldRate the one-instance fold rate of figure 3, which sizes the backlog: enough for both windows
     *                 and the second instance's restore, even if two instances fold twice as fast
     */
    void measure(final HttpLoad ingestLoad, final Map<String, String> writeHeaders, final List<String> replicaOptions,
                 final double foldRate) throws Exception {
        final BenchPlan plan = run.plan;
        final Duration window = plan.ratePhase();
        // Figure 3's rate was taken under the profiler, which slows the fold; two instances may fold faster again.
        final double needed = 2 * (Double.isNaN(foldRate) ? 10_000 : foldRate)
                * (3 * window.toSeconds() + RESTORE_ALLOWANCE_S);
        final long batches = Math.max(plan.batches(), (long) Math.ceil(needed / plan.batchSize()));
        final QuarkusService projector = run.stack.service("profile-projector");
        run.log("6. scaling: profile-projector stopped, " + batches * plan.batchSize()
                + " updates of existing customers queued on the command topic");
        projector.close();
        final HttpLoad.Result filled = ingestLoad.closedLoop(plan.batchClients(), Duration.ofMinutes(10), batches,
                i -> BatchedIngestFigure.batch(plan, writeHeaders, i % plan.batches()), (i, r) -> { });
        final long target = run.kafka.endOffset(COMMANDS);
        run.log(String.format("   queued in %.1f s (%s); one instance restarts on the backlog",
                filled.elapsed().toMillis() / 1000.0, RunContext.failures(filled)));
        projector.start();
        projector.awaitReady(Duration.ofMinutes(2));
        final FoldProgress one = new FoldProgress(target);
        final CpuUse oneCpu = CpuUse.start(Map.of("kafka", run.kafkaPid, "projector", projector.pid()));
        final Map<String, Long> endsBefore = run.kafka.endOffsets();
        final long foldedBefore = run.kafka.committed(PROJECTOR_GROUP, COMMANDS);
        run.kafka.follow(PROJECTOR_GROUP, COMMANDS, one, SAMPLE, window, CATCH_UP_TIMEOUT);
        final Map<String, Double> oneCores = oneCpu.coresBusy();
        final Map<String, Object> written = writtenPerCommand(endsBefore, run.kafka.endOffsets(),
                run.kafka.committed(PROJECTOR_GROUP, COMMANDS) - foldedBefore);
        run.log("   written per command folded (records, bytes) by topic: " + written);
        run.log(String.format("   one instance: %.0f commands/s over %.1f s; cores busy %s", one.perSecond(),
                one.seconds(), oneCores));

        final QuarkusService replica = run.stack.replica("profile-projector", SharedInfrastructure.freePort(), replicaOptions);
        final long joined = System.nanoTime();
        FoldProgress two = new FoldProgress(target);
        Map<String, Double> twoCores = Map.of();
        double readySeconds = Double.NaN;
        try {
            replica.start();
            replica.awaitReady(Duration.ofMinutes(3));
            readySeconds = (System.nanoTime() - joined) / 1e9;
            final long behind = target - run.kafka.committed(PROJECTOR_GROUP, COMMANDS);
            run.log(String.format("   second instance ready after %.1f s (restored its partitions); %d commands left",
                    readySeconds, behind));
            two = new FoldProgress(target);
            final CpuUse twoCpu = CpuUse.start(Map.of("kafka", run.kafkaPid,
                    "projector", projector.pid(), "projector-2", replica.pid()));
            run.kafka.follow(PROJECTOR_GROUP, COMMANDS, two, SAMPLE, window, CATCH_UP_TIMEOUT);
            twoCores = twoCpu.coresBusy();
            run.log(String.format("   two instances: %.0f commands/s over %.1f s; cores busy %s", two.perSecond(),
                    two.seconds(), twoCores));
        } finally {
            // The rest of the backlog is left unfolded: this is the run's last phase.
            replica.close();
        }

        final Map<String, Object> details = new LinkedHashMap<>();
        details.put("commands", target);
        details.put("one_instance", Map.of("records", one.records(), "seconds", one.seconds(),
                "per_second", one.perSecond(), "cores_busy", oneCores));
        details.put("written_per_command", written);
        details.put("second_instance_ready_seconds", readySeconds);
        details.put("two_instances", Map.of("records", two.records(), "seconds", two.seconds(),
                "per_second", two.perSecond(), "cores_busy", twoCores));
        run.details.put("scaling", details);
        run.table.add(Figure.compared("6. fold rate, two projector instances (one stream thread each)", "commands/s",
                two.perSecond(), one.perSecond(), "one instance commands/s", Target.none()));
        run.table.add(Figure.of("6. second instance joining: start to ready (restores its partitions)", "s",
                readySeconds, Target.none()));
    }

    /**
     * For each topic that grew while {@code folded} commands were folded (the command topic aside): records and
     * bytes per command (end offsets also count transaction markers, a few per commit and partition).
     */
    private Map<String, Object> writtenPerCommand(final Map<String, Long> before, final Map<String, Long> after,
                                                  final long folded) throws Exception {
        final Map<String, Object> perCommand = new LinkedHashMap<>();
        for (final Map.Entry<String, Long> end : after.entrySet()) {
            final long grew = end.getValue() - before.getOrDefault(end.getKey(), 0L);
            if (grew <= 0 || folded <= 0 || end.getKey().equals(COMMANDS)) {
                continue;
            }
            final double records = (double) grew / folded;
            final double bytes = records * run.kafka.meanRecordSize(end.getKey(), 2000);
            perCommand.put(end.getKey(), Map.of("records", Math.round(records * 100) / 100.0,
                    "bytes", Math.round(bytes)));
        }
        return perCommand;
    }

    /** CPU time of some processes over a span, as cores kept busy (1.0 = one core all the time). */
    private record CpuUse(long startNanos, Map<String, Long> pids, Map<String, Duration> atStart) {

        static CpuUse start(final Map<String, Long> pids) {
            final Map<String, Duration> cpu = new LinkedHashMap<>();
            pids.forEach((name, pid) -> cpu.put(name, cpu(pid)));
            return new CpuUse(System.nanoTime(), pids, cpu);
        }

        Map<String, Double> coresBusy() {
            final double elapsed = System.nanoTime() - startNanos;
            final Map<String, Double> busy = new LinkedHashMap<>();
            atStart.forEach((name, before) -> busy.put(name,
                    Math.round(cpu(pids.get(name)).minus(before).toNanos() / elapsed * 100) / 100.0));
            return busy;
        }

        private static Duration cpu(final long pid) {
            return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
        }
    }
}
