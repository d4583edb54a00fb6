package org.opencdp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.opencdp.bench.jvm.CollapsedProfile;
import org.opencdp.bench.kafka.CountTopology;
import org.opencdp.bench.kafka.FoldProgress;
import org.opencdp.bench.report.Figure;
import org.opencdp.bench.report.Target;
import org.opencdp.embedded.ChildProcess;
import org.opencdp.embedded.QuarkusService;

import static org.opencdp.bench.RunContext.CATCH_UP_TIMEOUT;
import static org.opencdp.bench.RunContext.COMMANDS;
import static org.opencdp.bench.RunContext.PROJECTOR_GROUP;

/**
 * Figure 3: the projector's fold rate on a pre-filled command topic, next to a bare Kafka Streams count into
 * RocksDB (exactly_once_v2) on the same topic.
 */
final class FoldRateFigure {

    private static final String COUNT_GROUP = "bench-count";

    private final RunContext run;

    FoldRateFigure(final RunContext run) {
        this.run = run;
    }

    /** Returns the projector's fold rate (commands/s), which sizes figure 6's backlog. */
    double measure() throws Exception {
        final BenchPlan plan = run.plan;
        final long target = run.kafka.endOffset(COMMANDS);
        run.log("3. fold rate: profile-projector restarted on " + target + " commands (" + plan.customers()
                + " customers); profiled for the first " + plan.foldWindow().toSeconds() + " s");
        final QuarkusService projector = run.stack.service("profile-projector");
        projector.start();
        projector.awaitReady(Duration.ofMinutes(2));
        final FoldProgress folded = new FoldProgress(target);
        final long profiled = System.nanoTime();
        run.profileStart("profile-projector", "workflow-trigger", "kafka");
        run.kafka.follow(PROJECTOR_GROUP, COMMANDS, folded, Duration.ofMillis(200), plan.foldWindow(), CATCH_UP_TIMEOUT);
        run.profileStop("3-fold", Duration.ofNanos(System.nanoTime() - profiled), "profile-projector",
                "workflow-trigger", "kafka");
        if (!folded.done()) {
            // Wall-clock samples show where the stream thread waits when it is not on the CPU.
            final Path wall = run.artifacts.resolve("profile-3-fold-wall-profile-projector.collapsed");
            final long walled = System.nanoTime();
            run.profiler.start(projector.pid(), "wall");
            run.kafka.follow(PROJECTOR_GROUP, COMMANDS, folded, Duration.ofMillis(200), Duration.ofSeconds(15), CATCH_UP_TIMEOUT);
            run.profiler.stop(projector.pid(), wall);
            final CollapsedProfile streamThread = CollapsedProfile.parse(Files.readString(wall), "-StreamThread-N");
            run.hotMethods.add(String.format("== 3-fold / profile-projector stream thread, wall clock (running or waiting): "
                    + "%d samples at 10 ms in %.0f s (stacks: %s)", streamThread.total(),
                    (System.nanoTime() - walled) / 1e9, wall.getFileName()));
            run.hotMethods.addAll(streamThread.summary(12));
            run.hotMethods.add("");
        }
        run.kafka.follow(PROJECTOR_GROUP, COMMANDS, folded, Duration.ofMillis(200), CATCH_UP_TIMEOUT, CATCH_UP_TIMEOUT);
        run.log(String.format("   projector: %.0f commands/s (%d in %.1f s)", folded.perSecond(), folded.records(),
                folded.seconds()));

        run.log("   baseline: a bare Kafka Streams count into RocksDB, exactly_once_v2, same topic, for up to "
                + plan.foldWindow().toSeconds() + " s");
        final FoldProgress counted = new FoldProgress(target);
        try (ChildProcess count = ChildProcess.start("count-topology", Stream.concat(RunContext.BASELINE_JVM.stream(), Stream.of(
                        "-Xlog:gc:file=" + run.artifacts.resolve("gc-count-topology.log") + ":uptime")).toList(),
                ChildProcess.thisClasspath(), CountTopology.class.getName(),
                List.of(run.stack.endpoints().bootstrapServers(), COUNT_GROUP, run.data.resolve("count-state").toString(), COMMANDS),
                run.data, run.artifacts.resolve("count-topology.log"))) {
            waitForJvm(count);
            run.profiler.start(count.pid());
            final long started = System.nanoTime();
            run.kafka.follow(COUNT_GROUP, COMMANDS, counted, Duration.ofMillis(200), plan.foldWindow(), CATCH_UP_TIMEOUT);
            final Path profile = run.artifacts.resolve("profile-3-fold-count-topology.collapsed");
            run.profiler.stop(count.pid(), profile);
            run.collectHotMethods("3-fold", "count-topology", profile, Duration.ofNanos(System.nanoTime() - started));
        }
        run.log(String.format("   count topology: %.0f records/s (%d in %.1f s)", counted.perSecond(), counted.records(),
                counted.seconds()));
        run.details.put("fold", Map.of("commands", target,
                "projector", Map.of("records", folded.records(), "seconds", folded.seconds(), "per_second", folded.perSecond()),
                "count_topology", Map.of("records", counted.records(), "seconds", counted.seconds(),
                        "per_second", counted.perSecond())));
        run.table.add(Figure.compared("3. projector fold rate (exactly_once_v2, " + target + " commands pre-filled)",
                "commands/s", folded.perSecond(), counted.perSecond(), "Streams count records/s",
                new Target.RatioAtLeast(0.5)));
        return folded.perSecond();
    }

    /** The attach mechanism answers once the JVM is up; a few hundred ms after start on this machine. */
    private static void waitForJvm(final ChildProcess jvm) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!jvm.isAlive()) {
                throw new IllegalStateException("The count topology exited; see " + jvm.logFile());
            }
            try {
                if (Files.readString(jvm.logFile()).contains("State transition from REBALANCING to RUNNING")
                        || ProcessHandle.of(jvm.pid()).flatMap(p -> p.info().totalCpuDuration())
                        .map(cpu -> cpu.toMillis() > 3000).orElse(false)) {
                    return;
                }
            } catch (IOException notYet) {
                // The log file appears with the first line.
            }
            Thread.sleep(200);
        }
    }
}
