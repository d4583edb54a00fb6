package org.opencdp.importer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.opencdp.importer.http.ApiClient;
import org.opencdp.importer.route.Route;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./cdp import FILE}: contract section 13. Exit 0 when every row landed, 3 when some were refused, else 1 (2: usage). */
@Command(name = "cdp import", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Streams a CSV (header row) or JSON-lines file (.jsonl) into ingest-api in idempotent batches.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every row landed", "3:some rows were refused (see --rejects)", "1:the import failed",
                "2:wrong usage"})
public final class ImportCommand implements Callable<Integer> {

    public static final int REFUSED = 3;
    public static final int FAILED = 1;
    /**
     * Lanes, hence batches in flight, unless {@code --in-flight} says otherwise: enough to keep ingest-api's event
     * loops and Kafka's batches busy while each lane waits for its batch's acknowledgement (docs/import.md, "Figures").
     */
    public static final int DEFAULT_IN_FLIGHT = 8;

    @Parameters(paramLabel = "FILE", description = "CSV with a header row, or JSON lines (.jsonl, .ndjson)")
    Path file;

    @Option(names = "--route", defaultValue = "customers", description = "customers | arrays | events | retently (default: ${DEFAULT-VALUE})")
    String route;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "ingest-api (default: ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--key", defaultValue = "${env:CDP_KEY}", description = "workspace key (env CDP_KEY)")
    String key;

    @Option(names = "--secret", defaultValue = "${env:CDP_SECRET}", description = "workspace secret (env CDP_SECRET)")
    String secret;

    @Option(names = "--token", defaultValue = "${env:CDP_TOKEN}", description = "bearer token instead of key and secret (env CDP_TOKEN)")
    String token;

    @Option(names = "--batch", defaultValue = "1000", description = "rows per request, 1 to 10000 (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--in-flight", defaultValue = DEFAULT_IN_FLIGHT + "", description = "batches sent at once (default: ${DEFAULT-VALUE})")
    int lanes;

    @Option(names = "--dry-run", description = "validate every row against the routes' rules and the live catalog; write nothing")
    boolean dryRun;

    @Option(names = "--rejects", paramLabel = "FILE", description = "write each refused row's number and every reason (CSV)")
    Path rejects;

    @Option(names = "--resume", description = "skip batches already acknowledged (FILE.import-state)")
    boolean resume;

    @Option(names = "--null-marker", paramLabel = "TEXT", description = "a cell holding exactly this clears the property (an empty cell sends nothing)")
    String nullMarker;

    @Option(names = "--progress-every", defaultValue = "5", hidden = true, description = "seconds between progress lines off a terminal")
    int progressEvery;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    public ImportCommand() {
        this(System.out, System.err, Progress.onTerminal());
    }

    public ImportCommand(final PrintStream out, final PrintStream err, final boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    public static void main(final String[] args) {
        System.exit(run(new ImportCommand(), args));
    }

    /** Runs the command line; the exit status. */
    public static int run(final ImportCommand command, final String... args) {
        final CommandLine line = new CommandLine(command);
        line.setOut(new java.io.PrintWriter(command.out, true));
        line.setErr(new java.io.PrintWriter(command.err, true));
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            command.err.println("import: failed: " + e);
            return FAILED;
        });
        return line.execute(args);
    }

    @Override
    public Integer call() {
        final Route chosen;
        try {
            chosen = Route.valueOf(route.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return usage("--route must be customers, arrays, events or retently, not " + route);
        }
        if (batch < 1 || batch > 10_000) {
            return usage("--batch must be 1 to 10000 (the routes take at most 10,000 items)");
        }
        if (lanes < 1 || lanes > 64) {
            return usage("--in-flight must be 1 to 64");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return usage("cannot read " + file);
        }
        if (isBlank(token) && (isBlank(key) || isBlank(secret))) {
            return usage("credentials needed: --key and --secret, or --token (or CDP_KEY/CDP_SECRET, CDP_TOKEN)");
        }
        final ApiClient api = new ApiClient(url, key, secret, isBlank(token) ? null : token);
        final Importer.Settings settings = new Importer.Settings(file, chosen, batch, lanes, dryRun, resume, rejects,
                nullMarker, terminal, Duration.ofSeconds(Math.max(1, progressEvery)));
        try {
            final Importer.Outcome outcome = new Importer(settings, api, err).run();
            out.println(summary(outcome));
            return outcome.refused() > 0 ? REFUSED : 0;
        } catch (IOException failed) {
            err.println("import: " + failed.getMessage());
            if (!dryRun) {
                err.println("import: batches acknowledged so far are in " + ImportState.pathFor(file)
                        + "; run again with --resume to go on");
            }
            return FAILED;
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
            err.println("import: interrupted");
            return FAILED;
        }
    }

    private String summary(final Importer.Outcome o) {
        final String rate = String.format("%,.0f rows/s", o.rows() / Math.max(0.001, o.seconds()));
        if (dryRun) {
            return String.format("dry run: %,d rows read, %,d valid, %,d refused%s; nothing written (%.1f s, %s)",
                    o.rows(), o.landed(), o.refused(), rejects == null || o.refused() == 0 ? "" : " (listed in " + rejects + ")",
                    o.seconds(), rate);
        }
        return String.format("import: %,d rows read, %,d landed, %,d refused%s, %,d skipped (acknowledged before) in %.1f s (%s)",
                o.rows(), o.landed(), o.refused(), rejects == null || o.refused() == 0 ? "" : " (listed in " + rejects + ")",
                o.skipped(), o.seconds(), rate);
    }

    private int usage(final String message) {
        err.println("import: " + message);
        return CommandLine.ExitCode.USAGE;
    }

    private static boolean isBlank(final String s) {
        return s == null || s.isBlank();
    }
}
