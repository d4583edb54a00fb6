package org.opencdp.bench;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.opencdp.bench.report.ResultTable;

/**
 * {@code ./cdp bench [--quick | --scale <factor>]}: runs the whole benchmark on a private stack, prints the
 * table and writes it as JSON under bench/target/bench-results.
 */
public final class Main {

    public static void main(final String[] args) throws Exception {
        double scale = 1.0;
        Path root = Path.of(".");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> scale = 0.1;
                case "--scale" -> scale = Double.parseDouble(value(args, ++i, "--scale"));
                case "--root" -> root = Path.of(value(args, ++i, "--root"));
                default -> throw new IllegalArgumentException("Unknown option " + args[i]
                        + " (use --quick, --scale <factor> or --root <dir>)");
            }
        }
        final String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC));
        final Path rootDir = root.toAbsolutePath().normalize();
        final BenchRun run = new BenchRun(BenchPlan.scaled(scale), rootDir, stamp);
        final ResultTable table = run.run();
        System.out.println();
        System.out.println(table.render());
        final Path results = rootDir.resolve("bench/target/bench-results");
        System.out.println("Written: " + results.resolve(stamp + ".json") + " (and latest.json); profiles, GC logs, "
                + "native memory summaries and hot-methods.txt in " + results.resolve(stamp));
        if (!run.errors().isEmpty()) {
            System.err.println("The run had errors: " + run.errors());
            System.exit(1);
        }
        System.exit(0);
    }

    private static String value(final String[] args, final int index, final String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private Main() {
    }
}
