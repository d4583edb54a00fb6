package org.opencdp.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./cdp up}: starts the dev stack, prints where everything is and how to call it, and stops it all
 * on Ctrl-C.
 */
public final class Main {

    public static void main(final String[] args) throws Exception {
        Path data = Path.of(".cdp");
        Path root = Path.of(".");
        for (int i = 0; i < args.length - 1; i += 2) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[i + 1]);
                case "--root" -> root = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        final DevStackSettings settings = DevStackSettings.fromEnvironment(
                root.toAbsolutePath().normalize(), data.toAbsolutePath().normalize(), System.getenv());
        final Instant started = Instant.now();
        // What a user runs loads and imports against: the services with the full JIT, as a deployment and the
        // benchmark run them (the tests' stacks keep C1 only, which starts sooner).
        final List<String> fullJit = List.of("-XX:TieredStopAtLevel=4");
        final DevStack stack = new DevStack(settings, Map.of(
                "ingest-api", fullJit, "profile-projector", fullJit, "workflow-trigger", fullJit));
        final CountDownLatch stopped = new CountDownLatch(1);
        final Path pidFile = settings.dataDir().resolve("stack.pid");
        final Path partsFile = settings.dataDir().resolve("stack.parts");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping OpenCDP...");
            stack.close();
            try {
                Files.deleteIfExists(pidFile);
                Files.deleteIfExists(partsFile);
            } catch (java.io.IOException e) {
                System.err.println("Could not delete " + pidFile + ": " + e.getMessage());
            }
            stopped.countDown();
        }, "dev-stack-shutdown"));

        System.out.println("Starting OpenCDP (data in " + settings.dataDir() + ")...");
        try {
            stack.start();
        } catch (Exception e) {
            System.err.println("OpenCDP could not start: " + e.getMessage());
            System.exit(1);
        }
        Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));
        Files.writeString(partsFile, stack.partsTable());
        System.out.println(Banner.render(stack, Duration.between(started, Instant.now())));
        stack.supervise(System.out::println, () -> {
            try {
                Files.writeString(partsFile, stack.partsTable());
            } catch (java.io.IOException e) {
                System.err.println("Could not write " + partsFile + ": " + e.getMessage());
            }
        });
        stopped.await();
    }

    private Main() {
    }
}
