package org.opencdp.trigger.topology;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import org.opencdp.avro.WorkflowRun;
import org.opencdp.platform.trace.Tracing;
import org.opencdp.trigger.run.RunDto;
import org.opencdp.trigger.webhook.WebhookSignature;
import org.opencdp.trigger.webhook.WebhookTargets;

/**
 * The HTTP side of webhook delivery: one POST of a run, bounded in every way a receiver could stretch it. The URL's
 * length and the rules on the URL alone ({@link WebhookTargets#parse}) are checked before anything is started; the
 * host is then resolved off the stream thread, every address it resolves to is checked ({@link WebhookTargets}),
 * and the request connects to the address that was checked (the URL's host still names the server: Host header,
 * TLS SNI and certificate check), so a name that resolves elsewhere between check and connect cannot reach inside.
 * Connecting and each wait for the answer have the timeout; redirects are not followed (a 3xx is a failed attempt:
 * runs go where the workflow says); at most {@code maxResponseBytes} of the answer's body are read (kept for the
 * error), then the exchange is reset. The caller bounds the whole exchange ({@link WebhookDeliverer} cancels it
 * past the timeout). Thread-safe: one client serves every task of the instance.
 */
public final class WebhookSender implements AutoCloseable {

    /** What the receiver answered: its status and the start of its body. */
    public record Answer(int status, String body) {
    }

    private final Vertx vertx;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration timeout;
    private final int maxUrlLength;
    private final int maxResponseBytes;
    private final WebhookTargets targets;
    private final WebhookTargets.Resolver resolver;

    public WebhookSender(final Vertx vertx, final ObjectMapper json, final Duration timeout, final int maxUrlLength,
                         final int maxResponseBytes, final WebhookTargets targets,
                         final WebhookTargets.Resolver resolver) {
        this.vertx = vertx;
        this.json = json;
        this.timeout = timeout;
        this.maxUrlLength = maxUrlLength;
        this.maxResponseBytes = maxResponseBytes;
        this.targets = targets;
        this.resolver = resolver;
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                // The server's name goes in SNI and is what its certificate is checked against, although the
                // connection goes to an address this sender resolved and checked itself.
                .setForceSni(true)
                .setVerifyHost(true)
                .setMaxRedirects(0)
                .setMaxPoolSize(64));
    }

    /** Each attempt's time limit, from connecting to the last byte read. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Starts one POST of {@code run} to {@code url} with {@code Idempotency-Key: <run id>}, signed in the Standard
     * Webhooks form with {@code signingSecret} ({@link WebhookSignature}) unless that is null. A host that does not
     * resolve, or resolves to an address webhooks may not reach, fails the returned future (a failed attempt).
     *
     * @throws IllegalArgumentException when the URL is too long or breaks a rule on the URL alone (not https,
     *                                  credentials in it, not a URL at all)
     */
    public CompletableFuture<Answer> send(final String url, final WorkflowRun run, final String signingSecret) {
        if (url.length() > maxUrlLength) {
            throw new IllegalArgumentException("the URL is longer than " + maxUrlLength + " characters");
        }
        try {
            targets.parse(url);
        } catch (WebhookTargets.Refused refused) {
            throw new IllegalArgumentException(refused.getMessage(), refused);
        }
        final byte[] body;
        try {
            body = json.writeValueAsBytes(RunDto.of(run));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the run cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        final CompletableFuture<Answer> answer = new CompletableFuture<>();
        final Span span = Tracing.startClient("POST", run.getTraceParent());
        answer.whenComplete((received, failure) -> {
            if (received != null) {
                span.setAttribute("http.response.status_code", received.status());
            } else {
                span.setStatus(StatusCode.ERROR, String.valueOf(failure));
            }
            span.end();
        });
        // Resolving may block (DNS): on a worker, never on the stream thread or an event loop.
        vertx.<WebhookTargets.Target>executeBlocking(() -> targets.check(url, resolver), false)
                .onFailure(answer::completeExceptionally)
                .onSuccess(target -> {
                    if (!answer.isDone()) {
                        span.setAttribute("server.address", target.uri().getHost());
                        post(target, run.getRunId(), body, signingSecret, span, answer);
                    }
                });
        return answer;
    }

    private void post(final WebhookTargets.Target target, final String runId, final byte[] body,
                      final String signingSecret, final Span span, final CompletableFuture<Answer> answer) {
        final String path = target.uri().getRawPath() == null || target.uri().getRawPath().isEmpty()
                ? "/" : target.uri().getRawPath();
        final RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(target.uri().getHost())
                .setPort(target.port())
                .setSsl(target.https())
                .setURI(target.uri().getRawQuery() == null ? path : path + "?" + target.uri().getRawQuery())
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setFollowRedirects(false)
                .setConnectTimeout(timeout.toMillis())
                .setIdleTimeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("Idempotency-Key", runId);
        // The receiver may continue the trace of the write that started the run (W3C trace context).
        Tracing.stampHttp(span, options::putHeader);
        if (signingSecret != null) {
            final long now = System.currentTimeMillis() / 1000;
            options.putHeader(WebhookSignature.ID_HEADER, runId)
                    .putHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now))
                    .putHeader(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(signingSecret, runId, now, body));
        }
        http.request(options).onFailure(answer::completeExceptionally).onSuccess(request -> {
            // Cancelling the answer (past the timeout) resets the exchange itself, and frees its connection.
            answer.whenComplete((done, failure) -> {
                if (failure instanceof CancellationException) {
                    request.reset();
                }
            });
            request.response().onFailure(answer::completeExceptionally)
                    .onSuccess(response -> readBounded(request, response, answer));
            request.end(Buffer.buffer(body)).onFailure(answer::completeExceptionally);
        });
    }

    /** Reads at most {@code maxResponseBytes} of the body, then resets the rest; the text is what was read. */
    private void readBounded(final HttpClientRequest request, final HttpClientResponse response,
                             final CompletableFuture<Answer> answer) {
        final Buffer read = Buffer.buffer();
        if (maxResponseBytes == 0) {
            answer.complete(new Answer(response.statusCode(), ""));
            request.reset();
            return;
        }
        response.exceptionHandler(answer::completeExceptionally);
        response.handler(chunk -> {
            if (answer.isDone()) {
                return;
            }
            final int take = Math.min(chunk.length(), maxResponseBytes - read.length());
            read.appendBuffer(chunk, 0, take);
            if (read.length() >= maxResponseBytes) {
                answer.complete(new Answer(response.statusCode(), text(read)));
                request.reset();
            }
        });
        response.endHandler(end -> answer.complete(new Answer(response.statusCode(), text(read))));
    }

    private static String text(final Buffer read) {
        return new String(read.getBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        http.close();
    }
}
