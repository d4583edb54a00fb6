package org.opencdp.embedded;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM run with this JVM's own java binary, its output appended to a log file, started through
 * {@link OrphanGuard} so it cannot outlive this JVM. Stopped by {@link #stop()} or, at the latest, by a
 * shutdown hook of this JVM.
 */
public final class ChildProcess implements AutoCloseable {

    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(30);
    private static final Duration FORCED_STOP = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 40;

    private final String name;
    private final Path logFile;
    private final Process process;
    private final Thread shutdownHook;

    /** Starts {@code command} in {@code workDir}, its output appended to {@code logFile}. */
    private ChildProcess(final String name, final List<String> command, final Path workDir, final Path logFile)
            throws IOException {
        Files.createDirectories(workDir);
        Files.createDirectories(logFile.getParent());
        Files.writeString(logFile, "---- starting " + name + ": " + String.join(" ", command) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        this.name = name;
        this.logFile = logFile;
        // stdin stays a pipe that this JVM never closes: OrphanGuard's end-of-input signal.
        this.process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        this.shutdownHook = new Thread(this::terminate, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts {@code mainClass} in a child JVM.
     *
     * @param classpath the child's classpath entries; this module's classes are added for {@link OrphanGuard}
     */
    public static ChildProcess start(final String name, final List<String> jvmOptions, final List<String> classpath,
                              final String mainClass, final List<String> arguments, final Path workDir,
                              final Path logFile) {
        final List<String> entries = new ArrayList<>();
        entries.add(ownLocation().toString());
        entries.addAll(classpath);
        final List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, entries));
        command.add(OrphanGuard.class.getName());
        command.add(mainClass);
        command.addAll(arguments);
        try {
            return new ChildProcess(name, command, workDir, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    /** This JVM's classpath, each entry absolute (a child runs in its own working directory). */
    public static List<String> thisClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .toList();
    }

    /** The java binary of this JVM: children run on the same JDK (which must be 21 or newer). */
    public static String javaBinary() {
        final int feature = Runtime.version().feature();
        if (feature < 21) {
            throw new IllegalStateException("The embedded broker and registry need a JDK >= 21; this JVM is " + feature);
        }
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static Path ownLocation() {
        try {
            return Path.of(OrphanGuard.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the embedded module's classes", e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** Throws, with the end of the log, when the process has exited. */
    public void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; end of "
                    + logFile + ":\n" + logTail());
        }
    }

    /** A readiness check run repeatedly while a child starts; false while it is not ready yet. */
    @FunctionalInterface
    public interface Probe {
        boolean ready() throws InterruptedException;
    }

    /**
     * Waits until {@code probe} answers true, checking every 100 ms that the process is still alive; throws, with
     * the end of the log, when it has exited or {@code deadline} has passed ({@code failure} then says what went
     * wrong, e.g. "Kafka is not ready after PT1M30S").
     */
    public void awaitUntil(final Probe probe, final Instant deadline, final String failure) throws InterruptedException {
        while (true) {
            checkAlive();
            if (probe.ready()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(failure + "; end of " + logFile + ":\n" + logTail());
            }
            Thread.sleep(100);
        }
    }

    /** Waits for a process that is expected to end by itself (a tool run); kills it after the timeout. */
    public int awaitExit(final Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            stop();
            throw new IllegalStateException(name + " did not finish within " + timeout + "; see " + logFile);
        }
        removeShutdownHook();
        return process.exitValue();
    }

    /** Asks the process to stop (SIGTERM, so its shutdown hooks run), then kills it if it lingers. */
    public void stop() {
        terminate();
        removeShutdownHook();
    }

    /** The same as {@link #stop()}, for try-with-resources. */
    @Override
    public void close() {
        stop();
    }

    public String logTail() {
        try {
            final List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }

    private void terminate() {
        final List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(GRACEFUL_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(FORCED_STOP.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: it stops an already stopped process, which is harmless.
        }
    }
}
