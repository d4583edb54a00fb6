package org.opencdp.bench.load;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import java.util.concurrent.locks.LockSupport;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import org.HdrHistogram.ConcurrentHistogram;

/**
 * The load generator: Vert.x's HTTP/1.1 client over a fixed pool of keep-alive connections to one server,
 * in two modes. Closed loop: a fixed number of requests in flight, each answer sends the next (the maximum
 * rate). Constant rate: requests on a {@link ConstantRateSchedule}, latency from each one's intended send
 * time, so queueing behind a slow answer is measured. Latencies are recorded in microseconds.
 */
public final class HttpLoad implements AutoCloseable {

    /** A request without an answer for this long fails (and is counted, with its cause), so no run waits on it. */
    private static final long REQUEST_TIMEOUT_MS = 10_000;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    /** A request to send. */
    public record Request(HttpMethod method, String uri, Map<String, String> headers, Buffer body) {
    }

    /** An answer: status, the headers the benchmark reads, and when it arrived. */
    public record Reply(int status, String consistencyToken, long arrivedNanos) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** Called on the event loop with each request's index and answer; must not block. */
    @FunctionalInterface
    public interface ReplyListener {
        void onReply(long index, Reply reply);
    }

    /**
     * What a run did: answers, failures by cause (an HTTP status, or the exception of a request that got no
     * answer), elapsed time and the latency histogram.
     */
    public record Result(long completed, Map<String, Long> failures, Duration elapsed, ConcurrentHistogram latencyMicros) {
        public long failed() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }

        public double perSecond() {
            return elapsed.isZero() ? 0 : completed * 1_000_000_000.0 / elapsed.toNanos();
        }

        public LatencySummary latency() {
            return LatencySummary.of(latencyMicros);
        }
    }

    /** Failures by cause, counted from the event loop. */
    private static final class Failures {
        private final Map<String, Long> byCause = new ConcurrentHashMap<>();

        void add(final AsyncResult<Reply> answer) {
            final String cause = answer.succeeded() ? "HTTP " + answer.result().status()
                    : answer.cause().getClass().getSimpleName() + ": " + answer.cause().getMessage();
            byCause.merge(cause, 1L, Long::sum);
        }

        Map<String, Long> snapshot() {
            return new TreeMap<>(byCause);
        }
    }

    private static final int EVENT_LOOPS = 2;

    private final Vertx vertx;
    private final HttpClient client;
    /** One context per event loop: every request is made, answered and read on one of them. */
    private final Context[] loops = new Context[EVENT_LOOPS];
    private final AtomicLong nextLoop = new AtomicLong();

    public HttpLoad(final String host, final int port, final int connections) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(EVENT_LOOPS).setPreferNativeTransport(false));
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setDefaultHost(host).setDefaultPort(port).setKeepAlive(true)
                        .setTcpNoDelay(true).setConnectTimeout(5_000),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
        for (int i = 0; i < EVENT_LOOPS; i++) {
            loops[i] = vertx.getOrCreateContext(); // from this (non-Vert.x) thread: a new context, loops in turn
        }
    }

    /**
     * Sends one request and completes with its answer. A request made from outside this load's own event loops
     * (the constant-rate sender, the first requests of a closed loop, and figure 4's reads, sent from the answers
     * of another load's writes) is handed to one of them first: made from the calling thread, its answer could
     * arrive on the event loop before the body was asked for, and that body was then never read: the run counted
     * a request answered 200 as one without an answer (docs/benchmark.md).
     */
    public Future<Reply> send(final Request request) {
        final Context current = Vertx.currentContext();
        if (current != null && current.owner() == vertx) {
            return sendOnLoop(request);
        }
        final Promise<Reply> reply = Promise.promise();
        loops[(int) (nextLoop.getAndIncrement() % EVENT_LOOPS)].runOnContext(v -> sendOnLoop(request).onComplete(reply));
        return reply.future();
    }

    private Future<Reply> sendOnLoop(final Request request) {
        final RequestOptions options = new RequestOptions().setMethod(request.method()).setURI(request.uri())
                .setIdleTimeout(REQUEST_TIMEOUT_MS);
        final MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        request.headers().forEach(headers::add);
        options.setHeaders(headers);
        // Where the request is, said by a failure without an answer: which side held it up.
        final AtomicReference<String> stage = new AtomicReference<>("waiting for a connection");
        return withDeadline(client.request(options)
                .compose(r -> {
                    stage.set("on connection " + r.connection().localAddress() + ", no answer yet");
                    return request.body() == null ? r.send() : r.send(request.body());
                })
                .compose(response -> {
                    stage.set("answered " + response.statusCode() + ", body not read to its end");
                    return response.body().map(ignored -> new Reply(response.statusCode(),
                            response.getHeader("X-Consistency-Token"), System.nanoTime()));
                }), stage);
    }

    /**
     * Fails a request still unanswered after the timeout. The idle timeout covers a request once it is on a
     * connection; a full run once had one request that never completed at all (before a connection, or
     * lost), which left the run waiting: it now counts as a failure with this cause.
     */
    private Future<Reply> withDeadline(final Future<Reply> reply, final AtomicReference<String> stage) {
        final Promise<Reply> answer = Promise.promise();
        final long timer = vertx.setTimer(REQUEST_TIMEOUT_MS, id -> answer.tryFail(
                new TimeoutException("no answer within " + REQUEST_TIMEOUT_MS + " ms (" + stage.get() + ")")));
        reply.onComplete(result -> {
            vertx.cancelTimer(timer);
            if (result.succeeded()) {
                answer.tryComplete(result.result());
            } else {
                answer.tryFail(result.cause());
            }
        });
        return answer.future();
    }

    /**
     * Keeps {@code concurrency} requests in flight for {@code duration}, request {@code i} made by
     * {@code requests}, or until {@code maxRequests} were sent (a negative number for no limit).
     */
    public Result closedLoop(final int concurrency, final Duration duration, final long maxRequests,
                             final LongFunction<Request> requests, final ReplyListener listener)
            throws InterruptedException {
        final ConcurrentHistogram histogram = new ConcurrentHistogram(3);
        final AtomicLong next = new AtomicLong();
        final AtomicLong completed = new AtomicLong();
        final Failures failed = new Failures();
        final AtomicLong lastArrival = new AtomicLong();
        final long start = System.nanoTime();
        final long end = start + duration.toNanos();
        final CountDownLatch workers = new CountDownLatch(concurrency);
        final class Worker {
            void sendNext() {
                final long index = next.getAndIncrement();
                if (System.nanoTime() >= end || (maxRequests >= 0 && index >= maxRequests)) {
                    workers.countDown();
                    return;
                }
                final long sent = System.nanoTime();
                send(requests.apply(index)).onComplete(answer -> {
                    final long now = System.nanoTime();
                    lastArrival.accumulateAndGet(now, Math::max);
                    histogram.recordValue(Math.max(0, (now - sent) / 1000));
                    if (answer.succeeded() && answer.result().ok()) {
                        completed.incrementAndGet();
                        listener.onReply(index, answer.result());
                    } else {
                        failed.add(answer);
                    }
                    sendNext();
                });
            }
        }
        for (int i = 0; i < concurrency; i++) {
            new Worker().sendNext();
        }
        if (!workers.await(duration.plus(DRAIN_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("Requests still unanswered " + DRAIN_TIMEOUT + " after the run");
        }
        return new Result(completed.get(), failed.snapshot(), Duration.ofNanos(Math.max(1, lastArrival.get() - start)),
                histogram);
    }

    /**
     * Sends requests at {@code ratePerSecond} for {@code duration}, latency measured from each one's intended
     * send time, then waits for the answers still due.
     */
    public Result constantRate(final double ratePerSecond, final Duration duration,
                               final LongFunction<Request> requests, final ReplyListener listener)
            throws InterruptedException {
        final ConcurrentHistogram histogram = new ConcurrentHistogram(3);
        final AtomicLong completed = new AtomicLong();
        final Failures failed = new Failures();
        final ConstantRateSchedule schedule = new ConstantRateSchedule(System.nanoTime(), ratePerSecond);
        final long total = schedule.countWithin(duration.toNanos());
        final CountDownLatch answered = new CountDownLatch((int) Math.min(Integer.MAX_VALUE, total));
        long sent = 0;
        while (sent < total) {
            final long due = Math.min(total, schedule.dueAt(System.nanoTime()));
            for (; sent < due; sent++) {
                final long index = sent;
                final long intended = schedule.intendedNanos(index);
                send(requests.apply(index)).onComplete(answer -> {
                    histogram.recordValue(Math.max(0, (System.nanoTime() - intended) / 1000));
                    if (answer.succeeded() && answer.result().ok()) {
                        completed.incrementAndGet();
                        listener.onReply(index, answer.result());
                    } else {
                        failed.add(answer);
                    }
                    answered.countDown();
                });
            }
            if (sent < total) {
                LockSupport.parkNanos(Math.max(0, Math.min(1_000_000, schedule.intendedNanos(sent) - System.nanoTime())));
            }
        }
        if (!answered.await(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(answered.getCount() + " requests unanswered " + DRAIN_TIMEOUT + " after the run");
        }
        return new Result(completed.get(), failed.snapshot(), duration, histogram);
    }

    @Override
    public void close() {
        client.close().toCompletionStage().toCompletableFuture().join();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
