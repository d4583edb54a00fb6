package org.opencdp.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command's HTTP behaviour against a server that answers as ingest-api does for the cases the stack does not
 * produce on demand (a 503 to retry, a 422 naming one customer). The whole stack is in dev-stack's ImportIT.
 */
class ImportCommandTest {

    private record Request(String key, String body) {
    }

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<Request> posts = new CopyOnWriteArrayList<>();
    private final AtomicBoolean unavailableOnce = new AtomicBoolean(true);
    /** How many more times GET /properties answers 503, as while the projector's partitions move. */
    private final AtomicInteger catalogUnavailable = new AtomicInteger();
    private final ExecutorService answering = Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(answering); // requests in flight at once are answered at once, as ingest-api does
        server.createContext("/properties", exchange -> {
            if (catalogUnavailable.getAndDecrement() > 0) {
                exchange.getResponseHeaders().add("Retry-After", "0");
                answer(exchange, 503, "{\"message\":\"the profile store's partitions are not all assigned yet\"}");
            } else {
                answer(exchange, 200, "{\"properties\":[]}");
            }
        });
        server.createContext("/customers", exchange -> {
            final String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            posts.add(new Request(exchange.getRequestHeaders().getFirst("Idempotency-Key"), body));
            if (unavailableOnce.getAndSet(false)) {
                exchange.getResponseHeaders().add("Retry-After", "0");
                answer(exchange, 503, "{\"message\":\"unavailable\"}");
            } else if (body.contains("\"id\":\"bad\"")) {
                answer(exchange, 422, "{\"detail\":[{\"loc\":[\"body\",\"customers\",2,\"plan\"],\"msg\":\"too long\",\"type\":\"x\"}]}");
            } else {
                answer(exchange, 200, "\"Accepted\"");
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        answering.shutdownNow();
    }

    private static void answer(final HttpExchange exchange, final int status, final String body) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private int importing(final Path file, final String... more) {
        final String[] args = new String[more.length + 7];
        System.arraycopy(new String[] {file.toString(), "--url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "--token", "t", "--in-flight", "1"}, 0, args, 0, 7);
        System.arraycopy(more, 0, args, 7, more.length);
        return ImportCommand.run(new ImportCommand(new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()), false), args);
    }

    @Test
    void shouldRetryA503RefuseTheItemA422NamesResendTheRestAndSendTheSameRequestsOnARerun() throws IOException {
        // Given four customers, the third of which the server refuses
        final Path file = Files.writeString(dir.resolve("c.csv"), "id,plan\na,pro\nb,pro\nbad,pro\nc,pro\n");
        final Path rejects = dir.resolve("rejects.csv");

        // When imported (the first answer is a 503), then imported again, then resumed
        final int first = importing(file, "--rejects", rejects.toString());
        final List<Request> firstRun = List.copyOf(posts);
        posts.clear();
        final int again = importing(file);
        final List<Request> secondRun = List.copyOf(posts);
        posts.clear();
        final int resumed = importing(file, "--resume");

        // Then the 503 was retried with the same key and body, the named row refused and the rest resent under its own key
        assertThat(first).isEqualTo(ImportCommand.REFUSED);
        assertThat(firstRun).hasSize(3);
        assertThat(firstRun.get(0)).isEqualTo(firstRun.get(1));
        assertThat(firstRun.get(2).key()).isEqualTo(firstRun.get(0).key() + ":r1");
        assertThat(firstRun.get(2).body()).isEqualTo("{\"customers\":[{\"id\":\"a\",\"plan\":\"pro\"},"
                + "{\"id\":\"b\",\"plan\":\"pro\"},{\"id\":\"c\",\"plan\":\"pro\"}]}");
        assertThat(Files.readAllLines(rejects)).containsExactly("row,reasons", "4,\"plan: too long\"");
        // And a rerun sends the same requests byte for byte (so the server's keys dedup them); --resume sends none
        assertThat(again).isEqualTo(ImportCommand.REFUSED);
        assertThat(secondRun).containsExactly(firstRun.get(1), firstRun.get(2));
        assertThat(resumed).isZero();
        assertThat(posts).isEmpty();
    }

    @Test
    void shouldWaitOutACatalogThatAnswers503UntilTheStackIsReady() throws IOException {
        // Given a stack whose catalog answers 503 four times (more than the 3 attempts given when nothing answers)
        final Path file = Files.writeString(dir.resolve("c.csv"), "id,plan\na,pro\n");
        unavailableOnce.set(false);
        catalogUnavailable.set(4);

        // When imported
        final int exit = importing(file);

        // Then the import waited, then wrote its row
        assertThat(exit).isZero();
        assertThat(catalogUnavailable.get()).isNegative();
        assertThat(posts).hasSize(1);
    }

    @Test
    void shouldStopWithinSecondsWhenNothingAnswersAtTheUrl() throws IOException {
        // Given a URL where nothing listens
        final Path file = Files.writeString(dir.resolve("c.csv"), "id,plan\na,pro\n");
        final int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        final long started = System.nanoTime();

        // When imported
        final int exit = ImportCommand.run(new ImportCommand(new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()), false), file.toString(), "--url", "http://127.0.0.1:" + port,
                "--token", "t");

        // Then it fails after the catalog's 3 attempts (0.5 s and 1 s apart), not after minutes
        assertThat(exit).isEqualTo(ImportCommand.FAILED);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void shouldKeepEachCustomersRowsInFileOrderWithTheDefaultLanesInFlightAtOnce() throws IOException {
        // Given 40 customers with 10 rows each, interleaved, each row naming its place in the file
        final StringBuilder csv = new StringBuilder("id,n\n");
        for (int n = 0; n < 400; n++) {
            csv.append("c").append(n % 40).append(',').append(n).append('\n');
        }
        final Path file = Files.writeString(dir.resolve("order.csv"), csv);
        unavailableOnce.set(false);
        // And a server that applies each batch after a random delay, as a stack under load answers out of order
        final Map<String, List<Integer>> applied = new ConcurrentHashMap<>();
        final Set<String> lanesInFlight = ConcurrentHashMap.newKeySet();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        final AtomicBoolean laneOverlapped = new AtomicBoolean();
        final Pattern row = Pattern.compile("\\{\"id\":\"(c\\d+)\",\"n\":(\\d+)}");
        server.removeContext("/customers");
        server.createContext("/customers", exchange -> {
            final String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            final String lane = key.substring(0, key.lastIndexOf('.'));
            laneOverlapped.compareAndSet(false, !lanesInFlight.add(lane));
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            final String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            posts.add(new Request(key, body));
            try {
                Thread.sleep(ThreadLocalRandom.current().nextInt(20));
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
            final Matcher m = row.matcher(body);
            while (m.find()) {
                applied.computeIfAbsent(m.group(1), id -> new CopyOnWriteArrayList<>()).add(Integer.parseInt(m.group(2)));
            }
            inFlight.decrementAndGet();
            lanesInFlight.remove(lane);
            answer(exchange, 200, "\"Accepted\"");
        });

        // When imported in batches of 3 without saying how many in flight
        final int status = ImportCommand.run(new ImportCommand(new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()), false), file.toString(),
                "--url", "http://127.0.0.1:" + server.getAddress().getPort(), "--token", "t", "--batch", "3");

        // Then the default lanes were all used, several batches were in flight at once, one per lane at most
        assertThat(status).isZero();
        assertThat(posts).extracting(r -> r.key().replaceAll("^.*:3x(\\d+):(\\d+)\\.\\d+$", "$1 lanes, lane $2"))
                .containsOnly(IntStream.range(0, ImportCommand.DEFAULT_IN_FLIGHT)
                        .mapToObj(l -> ImportCommand.DEFAULT_IN_FLIGHT + " lanes, lane " + l).toArray(String[]::new));
        assertThat(ImportCommand.DEFAULT_IN_FLIGHT).isEqualTo(8);
        assertThat(mostInFlight.get()).isGreaterThan(1);
        assertThat(laneOverlapped).isFalse();
        // And every customer's rows were applied in file order
        assertThat(applied).hasSize(40);
        applied.forEach((id, rows) -> assertThat(rows).as(id).hasSize(10).isSorted());
    }

    @Test
    void shouldRefuseHostileRowsWithReasonsAndNeverAStackTrace() throws IOException {
        // Given rows with a huge cell, a control character, bad UTF-8, a ragged row and a multi-byte name
        final byte[] bad = {'x', ',', (byte) 0xFF, (byte) 0xFE, '\n'};
        final ByteArrayOutputStream csv = new ByteArrayOutputStream();
        csv.writeBytes("id,name\n".getBytes(StandardCharsets.UTF_8));
        csv.writeBytes(("huge," + "y".repeat(200_000) + "\n").getBytes(StandardCharsets.UTF_8));
        csv.writeBytes("ctl,a\u0000b\n".getBytes(StandardCharsets.UTF_8));
        csv.writeBytes(bad);
        csv.writeBytes("ragged\n".getBytes(StandardCharsets.UTF_8));
        csv.writeBytes("ok,Zoë 東京\n".getBytes(StandardCharsets.UTF_8));
        final Path file = Files.write(dir.resolve("hostile.csv"), csv.toByteArray());
        final Path rejects = dir.resolve("rejects.csv");
        unavailableOnce.set(false);

        // When imported
        final int status = importing(file, "--rejects", rejects.toString());

        // Then each bad row is refused with its reason, the good one lands, and the status says some were refused
        assertThat(status).isEqualTo(ImportCommand.REFUSED);
        assertThat(Files.readAllLines(rejects)).containsExactly("row,reasons",
                "2,\"a cell is over 65536 bytes\"", "3,\"name: control character U+0000\"",
                "4,\"name: not valid UTF-8\"", "5,\"row has 1 cells, the header has 2\"");
        assertThat(posts).singleElement().extracting(Request::body)
                .isEqualTo("{\"customers\":[{\"id\":\"ok\",\"name\":\"Zoë 東京\"}]}");
    }
}
