package org.opencdp.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Quarkus service run as a child JVM from its fast-jar ({@code target/quarkus-app/quarkus-run.jar}),
 * configured through environment variables, its output in a log file. Ready when its readiness check
 * answers 200. Used by the dev stack and by tests that need several instances of one service.
 */
public final class QuarkusService implements AutoCloseable {

    /**
     * The memory options of a service's JVM, here and in a deployment (the Dockerfile's {@code JDK_JAVA_OPTIONS};
     * docs/production.md, "Memory", says why): the serial collector, whose pauses on a heap of 256 MiB with about
     * 40 MiB live stay within milliseconds and which needs no GC threads on few cores; a small initial heap, so that
     * the heap is committed as the live set needs (on a large machine the JVM's default initial heap is its
     * maximum); and the C library's free memory handed back to the system every 2 s ({@code malloc_trim}), which
     * RocksDB's blocks, allocated and freed by the thousand, and the JIT compiler's arenas otherwise keep resident.
     * A trim holds the C library's arena locks while it runs, and whatever allocates meanwhile (RocksDB reading a
     * block the cache misses, the JVM itself) waits, so each trim is kept small: every 10 s they handed back up to
     * 64 MiB and took up to 328 ms. The trim's option is
     * experimental in Java 21 and a product option from 22 on, so it is unlocked. And no temporary direct buffer
     * above 256 KiB kept per thread: the JDK reads a socket into a heap buffer (as Kafka's clients do, a whole fetch
     * response at once) through a direct buffer of the same size, which it otherwise keeps for the thread's next read.
     */
    public static final List<String> MEMORY_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms64m",
            "-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=2000",
            "-Djdk.nio.maxCachedBufferSize=262144");

    /**
     * The C library's memory settings of a service, here and in a deployment: at most two malloc arenas. glibc
     * otherwise gives each thread that allocates (RocksDB's flush and compaction threads, every HTTP worker reading
     * a store through JNI) an arena of its own, up to eight per core, each keeping freed memory resident.
     */
    public static final Map<String, String> NATIVE_MEMORY = Map.of("MALLOC_ARENA_MAX", "2");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> environment;
    private final Path logFile;
    private final String heap;
    private final List<String> jvmOptions;
    private Process process;
    private Thread shutdownHook;

    public QuarkusService(final String name, final Path jar, final int port, final Map<String, String> environment,
                          final Path logFile, final String heap) {
        this(name, jar, port, environment, logFile, heap, List.of());
    }

    /**
     * Like the other constructor, with {@code jvmOptions} added after the defaults (for {@code -XX} flags the
     * last occurrence wins, so they can also override a default, e.g. {@code -XX:TieredStopAtLevel=4}).
     */
    public QuarkusService(final String name, final Path jar, final int port, final Map<String, String> environment,
                          final Path logFile, final String heap, final List<String> jvmOptions) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
        this.heap = heap;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path logFile() {
        return logFile;
    }

    public long pid() {
        return process.pid();
    }

    public synchronized void start() throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not built: " + jar + " is missing (run ./cdp build)");
        }
        Files.createDirectories(logFile.getParent());
        final List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"), "-Xmx" + heap));
        command.addAll(MEMORY_OPTIONS);
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        final ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(NATIVE_MEMORY);
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        process = builder.start();
        // Should this JVM end without closing the service, take the service down with it.
        final Process started = process;
        shutdownHook = new Thread(started::destroyForcibly, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Waits until the service reports ready, failing early if it exits. */
    public void awaitReady(final Duration timeout) throws InterruptedException {
        final Instant deadline = Instant.now().plus(timeout);
        final HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // The service is still starting; the deadline bounds the wait.
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "; see " + logFile);
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Kills the service at once (SIGKILL), as a crash would: no shutdown, no last commit. It can be started again. */
    public synchronized void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        process = null;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The JVM is exiting: the process is gone either way.
        }
    }

    /** Asks the service to shut down gracefully (SIGTERM), then kills it if it takes too long. */
    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The JVM is exiting: the hook has stopped or is stopping the process either way.
        }
    }
}
