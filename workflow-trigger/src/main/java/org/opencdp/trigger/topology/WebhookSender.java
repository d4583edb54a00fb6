package org.opencdp.trigger.topology;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.opencdp.avro.WorkflowRun;
import org.opencdp.trigger.run.RunDto;

/**
 * The HTTP side of webhook delivery: one POST of a run, bounded in every way a receiver could stretch it. The URL's
 * length and scheme are checked before anything is sent; connecting and the answer's headers each have the
 * timeout; redirects are not followed (a 3xx is a failed attempt: runs go where the workflow says); at most
 * {@code maxResponseBytes} of the answer's body are read (kept for the error), then the exchange is cancelled.
 * The caller bounds the whole exchange ({@link WebhookDeliverer} cancels it past the timeout). Thread-safe: one
 * client serves every task of the instance.
 */
public final class WebhookSender implements AutoCloseable {

    /** What the receiver answered: its status and the start of its body. */
    public record Answer(int status, String body) {
    }

    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration timeout;
    private final int maxUrlLength;
    private final int maxResponseBytes;

    public WebhookSender(final ObjectMapper json, final Duration timeout, final int maxUrlLength,
                         final int maxResponseBytes) {
        this.json = json;
        this.timeout = timeout;
        this.maxUrlLength = maxUrlLength;
        this.maxResponseBytes = maxResponseBytes;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Each attempt's time limit, from connecting to the last byte read. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Starts one POST of {@code run} to {@code url} with {@code Idempotency-Key: <run id>}.
     *
     * @throws IllegalArgumentException when the URL is too long, not absolute http(s), or not a URL at all
     */
    public CompletableFuture<Answer> send(final String url, final WorkflowRun run) {
        if (url.length() > maxUrlLength) {
            throw new IllegalArgumentException("the URL is longer than " + maxUrlLength + " characters");
        }
        final URI uri = URI.create(url);
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("the URL is not an absolute http(s) URL");
        }
        final byte[] body;
        try {
            body = json.writeValueAsBytes(RunDto.of(run));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the run cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        final HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", run.getRunId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        final CompletableFuture<HttpResponse<String>> exchange =
                http.sendAsync(request, info -> new BoundedBody(maxResponseBytes));
        final CompletableFuture<Answer> answer =
                exchange.thenApply(response -> new Answer(response.statusCode(), response.body()));
        // Cancelling the answer (past the timeout) aborts the exchange itself, and frees its connection.
        answer.whenComplete((done, failure) -> {
            if (failure instanceof CancellationException) {
                exchange.cancel(true);
            }
        });
        return answer;
    }

    @Override
    public void close() {
        http.close();
    }

    /** Reads at most {@code limit} bytes of a body, then cancels the rest; the text is what was read. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<String> {

        private final int limit;
        private final CompletableFuture<String> text = new CompletableFuture<>();
        private final ByteBuffer read;
        private Flow.Subscription subscription;

        BoundedBody(final int limit) {
            this.limit = limit;
            this.read = ByteBuffer.allocate(limit);
        }

        @Override
        public CompletionStage<String> getBody() {
            return text;
        }

        @Override
        public void onSubscribe(final Flow.Subscription subscription) {
            this.subscription = subscription;
            if (limit == 0) {
                finish(true);
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onNext(final List<ByteBuffer> buffers) {
            for (final ByteBuffer buffer : buffers) {
                final int take = Math.min(buffer.remaining(), read.remaining());
                read.put(read.position(), buffer, buffer.position(), take);
                read.position(read.position() + take);
            }
            if (read.hasRemaining()) {
                subscription.request(1);
            } else {
                finish(true);
            }
        }

        @Override
        public void onError(final Throwable failure) {
            text.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            finish(false);
        }

        private void finish(final boolean cancel) {
            if (cancel) {
                subscription.cancel();
            }
            text.complete(new String(read.array(), 0, read.position(), StandardCharsets.UTF_8));
        }
    }
}
