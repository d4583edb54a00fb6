package org.opencdp.bench;

import java.time.Duration;
import java.util.Map;

import org.opencdp.bench.load.HttpLoad;

/**
 * Figure 1's load, alone, against a stack that is already running (e.g. {@code ./cdp up}): the same requests
 * as {@link BatchedIngestFigure} (1,000 customers × 10 attributes, 4 clients, closed loop), new customers from
 * {@code --first-id}. It gives the import figure (docs/import.md) its reference on the same stack in the same
 * minute, where a whole {@code ./cdp bench} (about 28 minutes, its own stack) cannot run between two imports.
 *
 * <p>{@code java -cp bench/target/bench.jar org.opencdp.bench.BatchedIngestOnStack [--port 8080]
 * [--customers 1000000] [--first-id 1] [--warmup-batches 30] [--key demo-key --secret demo-secret]}
 */
public final class BatchedIngestOnStack {

    public static void main(final String[] args) throws Exception {
        int port = 8080;
        int customers = BenchPlan.FULL_CUSTOMERS;
        long firstId = 1;
        int warmup = 0;
        String key = "demo-key";
        String secret = "demo-secret";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--customers" -> customers = Integer.parseInt(args[i + 1]);
                case "--first-id" -> firstId = Long.parseLong(args[i + 1]);
                case "--warmup-batches" -> warmup = Integer.parseInt(args[i + 1]);
                case "--key" -> key = args[i + 1];
                case "--secret" -> secret = args[i + 1];
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        final BenchPlan plan = BenchPlan.scaled(1.0);
        final int batchSize = plan.batchSize();
        final Map<String, String> headers = Map.of("key", key, "secret", secret, "Content-Type", "application/json");
        final long first = firstId;
        // The warm-up's customers are others than the measured ones (ids after them), as in the bench.
        final long warmupFirst = firstId + customers;
        try (HttpLoad load = new HttpLoad("127.0.0.1", port, plan.connections())) {
            if (warmup > 0) {
                load.closedLoop(2, Duration.ofMinutes(5), warmup,
                        i -> BatchedIngestFigure.batch(batchSize, headers, warmupFirst + i * batchSize), (i, r) -> { });
            }
            final HttpLoad.Result result = load.closedLoop(plan.batchClients(), Duration.ofMinutes(10),
                    customers / batchSize, i -> BatchedIngestFigure.batch(batchSize, headers, first + i * batchSize),
                    (i, r) -> { });
            System.out.printf("batched ingest (figure 1's load): %,.0f customers/s (%d requests in %.1f s, failures %s)%n",
                    result.perSecond() * batchSize, result.completed(), result.elapsed().toMillis() / 1000.0,
                    result.failures());
            System.exit(result.failed() == 0 ? 0 : 1);
        }
    }

    private BatchedIngestOnStack() {
    }
}
