package org.opencdp.bench.jvm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * CPU profiles of running JVMs with async-profiler (its native library comes from Maven Central in
 * {@code tools.profiler:async-profiler}), attached through {@code jcmd JVMTI.agent_load}: started at the
 * beginning of a phase, stopped at its end, written in collapsed form per thread (one line per distinct
 * stack with its sample count; {@link CollapsedProfile} summarizes it, flame-graph tools read it). Without the library (another OS or architecture) profiling is skipped and said so.
 */
public final class Profiler {

    private static final String LIBRARY = "linux-x64/libasyncProfiler.so";

    private final Optional<Path> library;

    private Profiler(final Optional<Path> library) {
        this.library = library;
    }

    /** Unpacks the native library into {@code dir} when this is Linux on x86-64. */
    public static Profiler unpackInto(final Path dir) throws IOException {
        final boolean supported = System.getProperty("os.name", "").toLowerCase().contains("linux")
                && System.getProperty("os.arch", "").matches("amd64|x86_64");
        if (!supported) {
            return new Profiler(Optional.empty());
        }
        try (InputStream in = Profiler.class.getClassLoader().getResourceAsStream(LIBRARY)) {
            if (in == null) {
                return new Profiler(Optional.empty());
            }
            Files.createDirectories(dir);
            final Path target = dir.resolve("libasyncProfiler.so");
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return new Profiler(Optional.of(target));
        }
    }

    public boolean available() {
        return library.isPresent();
    }

    /** Starts sampling the CPU of {@code pid} every 10 ms. */
    public void start(final long pid) throws IOException, InterruptedException {
        start(pid, "cpu");
    }

    /**
     * Starts sampling {@code pid} every 10 ms: {@code cpu} samples running threads, {@code wall} every thread
     * whether it runs or waits (where a thread that is not CPU-bound spends its time).
     */
    public void start(final long pid, final String event) throws IOException, InterruptedException {
        if (library.isPresent()) {
            Jcmd.run(pid, "JVMTI.agent_load", library.get().toString(),
                    "\"start,event=" + event + ",interval=10ms,threads\"");
        }
    }

    /** Stops sampling {@code pid} and writes the profile to {@code file}. */
    public void stop(final long pid, final Path file) throws IOException, InterruptedException {
        if (library.isPresent()) {
            Files.createDirectories(file.getParent());
            Jcmd.run(pid, "JVMTI.agent_load", library.get().toString(),
                    "\"stop,collapsed,threads,file=" + file + "\"");
        }
    }
}
