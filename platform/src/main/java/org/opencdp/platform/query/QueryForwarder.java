package org.opencdp.platform.query;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.streams.state.HostInfo;
import org.jboss.logging.Logger;

/**
 * Asks the instance that holds the data for the answer over HTTP, with the caller's own credentials, marked
 * as forwarded so that the other instance never forwards it again. Each Streams service makes one (and closes it).
 */
public final class QueryForwarder implements AutoCloseable {

    /** Marks a forwarded query; its value names the instance that forwarded it. */
    public static final String FORWARDED_BY = "X-Cdp-Forwarded-By";
    /** Names the instance whose store answered a query (host:port), for operators and tests. */
    public static final String SERVED_BY = "X-Cdp-Served-By";
    /**
     * Marks a 503 that means "not caught up with the consistency token" rather than "starting or
     * rebalancing": it is passed on to the caller as it is, since asking again at once would wait again.
     */
    public static final String NOT_CAUGHT_UP = "X-Cdp-Not-Caught-Up";

    /** The other instance's answer headers that mean something to the caller. */
    private static final List<String> PASSED_BACK = List.of("Retry-After", NOT_CAUGHT_UP, "Location");
    private static final Logger LOG = Logger.getLogger(QueryForwarder.class);

    private final HttpClient http;
    private final Duration timeout;
    private final String self;

    /** @param timeout longest wait for a connection and for another instance's answer */
    public QueryForwarder(final Duration timeout, final InstanceAddress self) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
        this.self = self.toString();
    }

    /**
     * A GET, or a POST of the query's body when it has one.
     *
     * @param pathAndQuery already encoded, e.g. {@code /customers/42?after=0:17}
     * @param extraWait    how much longer than the forward timeout the other instance may take (it may wait itself)
     */
    public <T> CompletionStage<Answer<T>> forward(final HostInfo owner, final String pathAndQuery, final IncomingQuery query,
                                           final Duration extraWait) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + owner.host() + ":" + owner.port() + pathAndQuery))
                .timeout(timeout.plus(extraWait))
                .header(FORWARDED_BY, self);
        query.body().ifPresentOrElse(
                json -> request.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)),
                request::GET);
        query.passedHeaders().forEach(request::header);
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, failure) -> {
                    if (failure != null) {
                        final Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                        LOG.debugf("Forwarding %s to %s failed: %s", pathAndQuery, owner, cause);
                        return new Answer.Unavailable<>("owner " + owner + " unreachable: " + describe(cause));
                    }
                    if (response.statusCode() == 503 && response.headers().firstValue(NOT_CAUGHT_UP).isEmpty()) {
                        return new Answer.Unavailable<>("owner " + owner + " is not ready");
                    }
                    final Map<String, String> headers = new HashMap<>();
                    headers.put(SERVED_BY, response.headers().firstValue(SERVED_BY).orElse(owner.host() + ":" + owner.port()));
                    for (final String name : PASSED_BACK) {
                        response.headers().firstValue(name).ifPresent(value -> headers.put(name, value));
                    }
                    return new Answer.Relayed<>(response.statusCode(),
                            response.headers().firstValue("Content-Type").orElse("application/json"), response.body(), headers);
                });
    }

    private static String describe(final Throwable cause) {
        return cause instanceof IOException && cause.getMessage() == null ? cause.getClass().getSimpleName() : String.valueOf(cause.getMessage());
    }

    @Override
    public void close() {
        http.close();
    }
}
