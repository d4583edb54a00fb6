package org.opencdp.projector.query;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.state.HostInfo;
import org.jboss.logging.Logger;

/**
 * Asks the instance that owns a key for the profile over HTTP, with the caller's own credentials, marked
 * as forwarded so that the owner never forwards it again.
 */
@ApplicationScoped
public class ProfileForwarder {

    /** Marks a forwarded query; its value names the instance that forwarded it. */
    public static final String FORWARDED_BY = "X-Cdp-Forwarded-By";
    /** Names the instance whose store answered a query (host:port), for operators and tests. */
    public static final String SERVED_BY = "X-Cdp-Served-By";

    private static final Logger LOG = Logger.getLogger(ProfileForwarder.class);

    private final HttpClient http;
    private final Duration timeout;
    private final String self;

    ProfileForwarder(final QuerySettings settings, final ProfileStore store) {
        this.timeout = settings.forwardTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
        this.self = store.selfAddress();
    }

    CompletionStage<Answer> forward(final HostInfo owner, final IncomingQuery query) {
        final String path = "/customers/" + URLEncoder.encode(query.key().getCustomerId(), StandardCharsets.UTF_8).replace("+", "%20");
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + owner.host() + ":" + owner.port() + path))
                .timeout(timeout)
                .header(FORWARDED_BY, self)
                .GET();
        query.passedHeaders().forEach(request::header);
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, failure) -> {
                    if (failure != null) {
                        final Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                        LOG.debugf("Forwarding %s to %s failed: %s", path, owner, cause);
                        return new Answer.Unavailable("owner " + owner + " unreachable: " + describe(cause));
                    }
                    if (response.statusCode() == 503) {
                        return new Answer.Unavailable("owner " + owner + " is not ready");
                    }
                    return new Answer.Relayed(response.statusCode(),
                            response.headers().firstValue("Content-Type").orElse("application/json"), response.body(),
                            response.headers().firstValue(SERVED_BY).orElse(owner.host() + ":" + owner.port()));
                });
    }

    private static String describe(final Throwable cause) {
        return cause instanceof IOException && cause.getMessage() == null ? cause.getClass().getSimpleName() : String.valueOf(cause.getMessage());
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
