package org.opencdp.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A reverse proxy that asks for HTTP basic credentials in front of a service that has none (the embedded
 * Apicurio registry, a separate process): a request with the right {@code Authorization} is passed on (method,
 * path, query, body, {@code Content-Type} and {@code Accept}; the credentials are not), any other is answered
 * 401 with {@code WWW-Authenticate: Basic} and a Confluent-style error body, as a secured registry does. For
 * tests of the services' registry credentials; on the loopback only.
 */
public final class BasicAuthProxy implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String target;
    private final byte[] expected;

    private BasicAuthProxy(final String target, final String user, final String password) throws IOException {
        this.target = target.replaceAll("/+$", "");
        this.expected = ("Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress(LocalPorts.LOOPBACK, 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A proxy on a free loopback port in front of {@code targetBaseUrl}, admitting {@code user}:{@code password}. */
    public static BasicAuthProxy start(final String targetBaseUrl, final String user, final String password) {
        try {
            return new BasicAuthProxy(targetBaseUrl, user, password);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the authenticating proxy in front of " + targetBaseUrl, e);
        }
    }

    /** The proxy's address, standing for the target's base URL ({@code http://127.0.0.1:port}). */
    public String baseUrl() {
        return "http://" + LocalPorts.LOOPBACK + ":" + server.getAddress().getPort();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final String presented = exchange.getRequestHeaders().getFirst("Authorization");
            if (presented == null || !MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"schema-registry\"");
                reply(exchange, 401, "application/json", "{\"error_code\":401,\"message\":\"Unauthorized\"}"
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            final byte[] body = exchange.getRequestBody().readAllBytes();
            final HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                    .timeout(TIMEOUT)
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            for (final String header : List.of("Content-Type", "Accept")) {
                final String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    forward.header(header, value);
                }
            }
            final HttpResponse<byte[]> answer;
            try {
                answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply(exchange, 503, "text/plain", "interrupted".getBytes(StandardCharsets.UTF_8));
                return;
            } catch (IOException e) {
                reply(exchange, 502, "text/plain", ("target unreachable: " + e).getBytes(StandardCharsets.UTF_8));
                return;
            }
            reply(exchange, answer.statusCode(), answer.headers().firstValue("Content-Type").orElse("application/json"),
                    answer.body());
        }
    }

    private static void reply(final HttpExchange exchange, final int status, final String type, final byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.close();
        http.close();
    }
}
