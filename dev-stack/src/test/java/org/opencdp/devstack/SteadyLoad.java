package org.opencdp.devstack;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import org.opencdp.avro.WorkflowRun;

/**
 * Writes through ingest-api at a steady pace from one client, as a crash test needs them: write {@code i} appends
 * the item {@code {"seq": i}} (no {@code id}, so a second apply would append it twice) to the array field
 * {@code writes} of customer {@code <prefix>-<i mod customers>}, and, with an event name, sends that event for
 * the same customer. It remembers which writes and events were acknowledged (2xx), and every answer's status.
 * A write the client got no answer to (the service was killed) is not acknowledged: it may or may not be applied.
 */
final class SteadyLoad implements AutoCloseable {

    static final String FIELD = "writes";

    private final StackClient client;
    private final Customers customers;
    private final Duration pause;
    private final String event;
    private final Set<Long> acknowledgedWrites = ConcurrentHashMap.newKeySet();
    private final Set<String> acknowledgedEvents = ConcurrentHashMap.newKeySet();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    private final List<String> serverErrors = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final ExecutorService sender = Executors.newSingleThreadExecutor();
    private Future<?> sending;

    /** {@code event} null: array writes only. */
    SteadyLoad(final StackClient client, final String prefix, final int customers, final Duration pause,
               final String event) {
        this.client = client;
        this.customers = new Customers(prefix, customers);
        this.pause = pause;
        this.event = event;
    }

    SteadyLoad start() {
        running.set(true);
        sending = sender.submit(() -> {
            for (long i = 0; running.get(); i++) {
                final String customer = customer(i);
                final HttpResponse<String> written = send("/arrays", "{\"records\":[{\"customer_id\":\"" + customer
                        + "\",\"field\":\"" + FIELD + "\",\"data\":[{\"seq\":" + i + "}]}]}");
                if (written != null && written.statusCode() / 100 == 2) {
                    acknowledgedWrites.add(i);
                }
                if (event != null) {
                    final HttpResponse<String> tracked = send("/events", "{\"customer_id\":\"" + customer
                            + "\",\"event\":\"" + event + "\",\"data\":{\"seq\":" + i + "}}");
                    if (tracked != null && tracked.statusCode() / 100 == 2) {
                        acknowledgedEvents.add(tracked.headers().firstValue("X-Request-Id").orElseThrow());
                    }
                }
                Thread.sleep(pause.toMillis());
            }
            return null;
        });
        return this;
    }

    private HttpResponse<String> send(final String path, final String body) throws InterruptedException {
        sent.incrementAndGet();
        try {
            final HttpResponse<String> answer = client.send("POST", client.ingest(path), StackClient.keyAndSecret(), body);
            statuses.computeIfAbsent(answer.statusCode(), s -> new AtomicInteger()).incrementAndGet();
            if (answer.statusCode() >= 500 && (answer.statusCode() != 503
                    || answer.headers().firstValue("Retry-After").isEmpty())) {
                synchronized (serverErrors) {
                    serverErrors.add(answer.statusCode() + " " + path + ": " + answer.body());
                }
            }
            return answer;
        } catch (IOException noAnswer) {
            // The service is down (killed, restarting): the write is not acknowledged.
            unanswered.incrementAndGet();
            Thread.sleep(200);
            return null;
        }
    }

    String customer(final long i) {
        return customers.id(i);
    }

    /** Stops sending and waits for the last request to be answered. */
    void stop() throws Exception {
        running.set(false);
        sending.get();
        sender.shutdown();
    }

    @Override
    public void close() throws Exception {
        if (running.get()) {
            stop();
        }
    }

    Set<Long> acknowledgedWrites() {
        return Set.copyOf(acknowledgedWrites);
    }

    Set<String> acknowledgedEvents() {
        return Set.copyOf(acknowledgedEvents);
    }

    int acknowledged() {
        return acknowledgedWrites.size() + acknowledgedEvents.size();
    }

    int sent() {
        return sent.get();
    }

    int unanswered() {
        return unanswered.get();
    }

    int answered(final int status) {
        final AtomicInteger count = statuses.get(status);
        return count == null ? 0 : count.get();
    }

    /** Answers 5xx other than a 503 with Retry-After: each is a defect. */
    List<String> serverErrors() {
        synchronized (serverErrors) {
            return List.copyOf(serverErrors);
        }
    }

    Map<Integer, Integer> statuses() {
        final Map<Integer, Integer> copy = new HashMap<>();
        statuses.forEach((s, n) -> copy.put(s, n.get()));
        return copy;
    }

    /**
     * How often each write appears on its profile, once every acknowledged write is there or {@code timeout}
     * has passed (read from the projector).
     */
    Map<Long, Integer> applications(final Duration timeout) throws Exception {
        final Instant deadline = Instant.now().plus(timeout);
        while (true) {
            final Map<Long, Integer> found = new HashMap<>();
            for (int c = 0; c < customers.count(); c++) {
                final String customer = customers.id(c);
                final HttpResponse<String> read = client.send("GET", client.projector("/customers/"
                        + StackClient.encoded(customer)), StackClient.bearer(), null);
                if (read.statusCode() != 200) {
                    continue;
                }
                for (final JsonNode item : StackClient.JSON.readTree(read.body()).path("attributes").path(FIELD)
                        .path("value")) {
                    found.merge(item.path("seq").asLong(), 1, Integer::sum);
                }
            }
            if (found.keySet().containsAll(acknowledgedWrites) || Instant.now().isAfter(deadline)) {
                return found;
            }
            Thread.sleep(500);
        }
    }

    /** The figures of one workflow's runs: acknowledged events without a run, and requests with more than one. */
    record Runs(int runs, int missing, int duplicates) {
    }

    Runs runs(final List<WorkflowRun> runs) {
        final Map<String, Integer> byRequest = new HashMap<>();
        runs.forEach(r -> byRequest.merge(r.getRequestId(), 1, Integer::sum));
        final int missing = (int) acknowledgedEvents.stream().filter(id -> !byRequest.containsKey(id)).count();
        final int duplicates = (int) byRequest.values().stream().filter(n -> n > 1).count();
        return new Runs(runs.size(), missing, duplicates);
    }

    /** The {@code count} customers written to in turn: {@code <prefix>-0} to {@code <prefix>-<count - 1>}. */
    private record Customers(String prefix, int count) {

        String id(final long i) {
            return prefix + "-" + (i % count);
        }
    }
}
