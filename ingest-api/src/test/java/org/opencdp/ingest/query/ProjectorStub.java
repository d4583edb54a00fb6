package org.opencdp.ingest.query;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import org.opencdp.ingest.TestJson;
import org.opencdp.ingest.testing.ProjectorStandIn;

/**
 * A stand-in for the profile projector at the edge: answers with what it received (method, raw path and
 * query, the headers that matter, the body if any), so a test reads from the relayed answer what ingest-api forwarded.
 * {@code /customers/missing} answers 404, {@code /customers/slow} answers after 3 s; ingest-api waits 1 s.
 */
public class ProjectorStub extends ProjectorStandIn {

    public static final String SERVED_BY = "X-Cdp-Served-By";
    private static final String[] ECHOED = {"Authorization", "key", "secret", "X-Request-Id", "Accept", "Content-Type"};

    @Override
    protected Map<String, String> configuration(final String url) {
        return Map.of("cdp.ingest.projector-url", url,
                "cdp.ingest.projector-timeout", "1s",
                "cdp.ingest.projector-retry-after", "3s");
    }

    @Override
    protected void answer(final HttpExchange exchange) throws IOException {
        final String path = exchange.getRequestURI().getRawPath();
        if (path.equals("/customers/slow")) {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        final ObjectNode echo = TestJson.object()
                .put("method", exchange.getRequestMethod())
                .put("path", path)
                .put("query", exchange.getRequestURI().getRawQuery());
        final byte[] received = exchange.getRequestBody().readAllBytes();
        echo.put("body", received.length == 0 ? null : new String(received, StandardCharsets.UTF_8));
        final ObjectNode headers = echo.putObject("headers");
        for (final String name : ECHOED) {
            headers.put(name, exchange.getRequestHeaders().getFirst(name));
        }
        final int status = path.equals("/customers/missing") ? 404 : 200;
        final byte[] body = TestJson.MAPPER.writeValueAsBytes(echo);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add(SERVED_BY, "stub:1");
        if (status == 404) {
            exchange.getResponseHeaders().add("Retry-After", "9");
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
