package org.opencdp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.stream.Stream;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

import org.opencdp.bench.jvm.Profiler;
import org.opencdp.bench.kafka.KafkaLog;
import org.opencdp.bench.load.CustomerBodies;
import org.opencdp.bench.load.HttpLoad;
import org.opencdp.bench.report.Figure;
import org.opencdp.bench.report.ResultTable;
import org.opencdp.bench.report.Target;
import org.opencdp.devstack.DevStack;
import org.opencdp.devstack.DevStackSettings;
import org.opencdp.embedded.Directories;
import org.opencdp.embedded.EmbeddedKafka;
import org.opencdp.embedded.QuarkusService;
import org.opencdp.embedded.SharedInfrastructure;

import static org.opencdp.bench.RunContext.SERVICES;

/**
 * One benchmark run: starts a private dev stack (own ports, fresh data under bench/target/bench-data), runs
 * the measurements in order (one class per figure: {@link BatchedIngestFigure}, {@link SingleCustomerFigure},
 * {@link FoldRateFigure}, {@link EndToEndFigure}, {@link MemoryFigure}, {@link SegmentFigure}), each Kafka baseline on the same broker
 * right after the figure it compares with, stops everything, and leaves the table, the JSON and the profiling
 * artifacts under bench/target/bench-results ({@link ReportWriter}).
 */
final class BenchRun {

    /** Batched requests before measuring: enough for the JIT to compile the batch path (10 left it compiling). */
    private static final int WARMUP_BATCHES = 30;

    private final RunContext run;
    private final ReportWriter report;

    BenchRun(final BenchPlan plan, final Path root, final String stamp) {
        final Path results = root.resolve("bench/target/bench-results");
        this.run = new RunContext(plan, results.resolve(stamp), root.resolve("bench/target/bench-data"));
        this.report = new ReportWriter(root, results, stamp);
    }

    /** What went wrong during the run (the figures it could not measure are missing from the table). */
    List<String> errors() {
        return List.copyOf(run.errors);
    }

    /** Runs everything; returns the table (also written as JSON). */
    ResultTable run() throws Exception {
        final BenchPlan plan = run.plan;
        final Path data = run.data;
        Directories.deleteRecursively(data);
        Files.createDirectories(run.artifacts);
        run.profiler = Profiler.unpackInto(run.artifacts);
        run.details.put("plan", Map.of("customers", plan.customers(), "batch_size", plan.batchSize(),
                "batch_clients", plan.batchClients(), "single_concurrency", plan.singleConcurrency(),
                "connections", plan.connections(), "warmup_s", plan.warmup().toSeconds(),
                "max_rate_probe_s", plan.maxRateProbe().toSeconds(), "rate_phase_s", plan.ratePhase().toSeconds(),
                "end_to_end_phase_s", plan.endToEndPhase().toSeconds(), "fold_window_s", plan.foldWindow().toSeconds()));
        run.details.put("machine", Map.of("cpus", Runtime.getRuntime().availableProcessors(),
                "load_average_at_start", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                "java", Runtime.version().toString()));
        final Path apps = copyServices();
        final DevStackSettings settings = DevStackSettings.fromEnvironment(apps, data, Map.of(
                "CDP_KAFKA_PORT", Integer.toString(SharedInfrastructure.freePort()),
                "CDP_REGISTRY_PORT", Integer.toString(SharedInfrastructure.freePort()),
                "CDP_INGEST_PORT", Integer.toString(SharedInfrastructure.freePort()),
                "CDP_PROJECTOR_PORT", Integer.toString(SharedInfrastructure.freePort()),
                "CDP_TRIGGER_PORT", Integer.toString(SharedInfrastructure.freePort())));
        final Map<String, List<String>> options = new LinkedHashMap<>();
        SERVICES.forEach(s -> options.put(s, serviceOptions(s)));
        run.log("starting the stack (data in " + data + ")");
        try (DevStack stack = new DevStack(settings, options)) {
            final Instant startup = Instant.now();
            stack.start();
            run.stack = stack;
            run.kafkaPid = stack.pids().get("kafka");
            run.details.put("stack_startup_seconds", Duration.between(startup, Instant.now()).toMillis() / 1000.0);
            try (KafkaLog kafka = new KafkaLog(stack.endpoints().bootstrapServers())) {
                run.kafka = kafka;
                measure(stack);
            } catch (Exception e) {
                // The figures measured so far are still written, with the failure among the errors.
                run.errors.add(e.toString());
                run.log("FAILED: " + e);
                e.printStackTrace();
            }
        } finally {
            run.log("stack stopped");
            keepBrokerGcLog(data.resolve("kafka").resolve(EmbeddedKafka.GC_LOG), run.artifacts.resolve("gc-kafka.log"));
            freeData(data);
        }
        run.table = run.table.bySection();
        report.write(run);
        return run.table;
    }

    /** The broker's GC log, beside the services' (its data directory is deleted next). */
    private static void keepBrokerGcLog(final Path log, final Path kept) throws IOException {
        if (Files.isRegularFile(log)) {
            Files.copy(log, kept, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Deletes what the stack wrote but its logs: at full scale the broker keeps every topic (enriched-events alone
     * takes 16 GB) and the stores theirs, over 35 GB that a run after this one would delete anyway, and that runs
     * from several clones would let fill the disk.
     */
    private static void freeData(final Path data) throws IOException {
        if (!Files.isDirectory(data)) {
            return;
        }
        try (Stream<Path> children = Files.list(data)) {
            for (final Path child : children.filter(c -> !c.getFileName().toString().equals("logs")).toList()) {
                Directories.deleteRecursively(child);
            }
        }
    }

    private void measure(final DevStack stack) throws Exception {
        final BenchPlan plan = run.plan;
        final MemoryFigure memory = new MemoryFigure(run);
        memory.atStart();
        final QuarkusService ingest = stack.service("ingest-api");
        final QuarkusService projector = stack.service("profile-projector");
        final DevStackSettings.DemoWorkspace demo = stack.settings().demo();
        final Map<String, String> writeHeaders = Map.of("key", demo.key(), "secret", demo.secret(),
                "Content-Type", "application/json");
        final AtomicLong nextSingle = new AtomicLong();
        final LongFunction<HttpLoad.Request> single = i -> new HttpLoad.Request(HttpMethod.POST,
                "/customers", writeHeaders,
                Buffer.buffer(CustomerBodies.single(1 + nextSingle.getAndIncrement() % plan.customers())));

        try (HttpLoad ingestLoad = new HttpLoad("127.0.0.1", ingest.port(), plan.connections())) {
            run.log("warm-up: " + plan.warmup().toSeconds() + " s of single-customer requests, " + WARMUP_BATCHES + " batches");
            ingestLoad.closedLoop(plan.singleConcurrency(), plan.warmup(), -1, single, (i, r) -> { });
            ingestLoad.closedLoop(2, Duration.ofMinutes(5), WARMUP_BATCHES,
                    i -> BatchedIngestFigure.batch(plan, writeHeaders, i), (i, r) -> { });
            // The warm-up's first writes have the catalog decide the ten properties; folded, they are the
            // steady state the fold rate is about (a first write folds through pending values instead).
            run.catchUp("after the warm-up");
            // Figure 5's baseline: the profiles the warm-up created (ids from 1: its batches' and its single writes').
            memory.afterWarmUp(Math.max((long) WARMUP_BATCHES * plan.batchSize(),
                    Math.min(nextSingle.get(), plan.customers())));
            // The command topic is filled with the projector stopped: ingest-api and ProducerPerformance then
            // run on the same quiet machine, and the projector's restart folds a pre-filled topic (figure 3).
            run.log("stopping profile-projector while the command topic is filled");
            projector.close();
            new BatchedIngestFigure(run).measure(ingestLoad, writeHeaders);
        }
        final double foldRate = new FoldRateFigure(run).measure();
        run.catchUp("after the fold");
        final double max;

        try (HttpLoad ingestLoad = new HttpLoad("127.0.0.1", ingest.port(), plan.connections());
             HttpLoad readLoad = new HttpLoad("127.0.0.1", projector.port(), plan.connections())) {
            max = new SingleCustomerFigure(run).measure(ingestLoad, single);
            final EndToEndFigure endToEnd = new EndToEndFigure(run);
            // The read path (consistency tokens, position probes, wake-ups) runs first here: warm it like the rest.
            endToEnd.measure(ingestLoad, readLoad, writeHeaders, demo.token(), max, plan.warmup(), false);
            endToEnd.measure(ingestLoad, readLoad, writeHeaders, demo.token(), max, plan.endToEndPhase(), true);
        }
        run.details.put("unanswered", run.unanswered);
        run.table.add(Figure.of("2. requests without any answer (constant-rate phases of figures 2 and 4)", "requests",
                run.unanswered.values().stream().mapToLong(Long::longValue).sum(), new Target.AtMost(0)));
        run.catchUp("before measuring memory");
        memory.measure();
        final HistoryFigure history = new HistoryFigure(run);
        history.measureReads(demo.id(), demo.token());
        // Its segments are deleted at its end: the figures after it fold without them.
        new SegmentFigure(run).measure(writeHeaders, demo.token(), max);
        try (HttpLoad ingestLoad = new HttpLoad("127.0.0.1", ingest.port(), plan.connections())) {
            new ScalingFigure(run).measure(ingestLoad, writeHeaders, serviceOptions("profile-projector-2"),
                    foldRate);
        }
        // Last: it stops the stack's projector, and its two instances write the same profiles and events again.
        history.measureFoldCost(serviceOptions("profile-projector-history"));
    }

    private List<String> serviceOptions(final String name) {
        return List.of(
                // The dev stack favours start-up (C1 only); a deployment runs the full JIT, as measured here.
                "-XX:TieredStopAtLevel=4",
                // Figure 6: a second projector instance takes its share of the partitions as soon as it has
                // restored them, instead of warming up beside the first for a probing rebalance (10 min).
                "-Dkafka-streams.acceptable.recovery.lag=" + Long.MAX_VALUE,
                // The bench measures what the stack can take, not the demo workspace's request-rate limit (1,000
                // per second by default: figure 2 sends more), so its limit is lifted here.
                "-Dcdp.rate-limit.per-second=100000000", "-Dcdp.rate-limit.burst=100000000",
                // With wall-clock times, to match a pause with the slowest samples of a phase.
                "-Xlog:gc:file=" + run.artifacts.resolve("gc-" + name + ".log") + ":time,uptime",
                // Each trim of the native heap (production.md, "Memory"), what it freed and how long it took: a
                // trim holds the C library's arena locks, so a long one stalls whatever allocates meanwhile.
                "-Xlog:trimnative:file=" + run.artifacts.resolve("trim-" + name + ".log") + ":time,uptime",
                // Figure 5 splits RSS into what the JVM committed itself and what native libraries hold.
                // No JFR recording: a deployment runs without it, and its method sampler suspends each thread it
                // samples (the projector's stream thread was in SR_handler in 37 % of its wall-clock samples, run
                // 20261206-100441); async-profiler's samples do not stop the threads.
                "-XX:NativeMemoryTracking=summary");
    }

    /**
     * The services' built applications, copied under the data directory: a build running meanwhile on this
     * machine (which rewrites target/quarkus-app) cannot change what the running services load.
     */
    private Path copyServices() throws IOException {
        final Path root = report.root();
        final Path apps = run.data.resolve("apps");
        for (final String service : SERVICES) {
            final Path from = root.resolve(service).resolve("target/quarkus-app");
            if (!Files.isRegularFile(from.resolve("quarkus-run.jar"))) {
                throw new IllegalStateException(service + " is not built: " + from + " is missing (run ./cdp build)");
            }
            final Path to = apps.resolve(service).resolve("target/quarkus-app");
            try (Stream<Path> paths = Files.walk(from)) {
                for (final Path path : paths.toList()) {
                    final Path target = to.resolve(from.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(path, target);
                    }
                }
            }
        }
        return apps;
    }
}
