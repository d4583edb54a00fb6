package org.opencdp.ingest.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A stand-in for the profile projector at the edge of ingest-api's tests: a local HTTP server on a free port
 * whose answers a subclass gives, and ingest-api configured to call it.
 */
public abstract class ProjectorStandIn implements QuarkusTestResourceLifecycleManager {

    private HttpServer server;
    private ExecutorService threads;

    /** Answers one request. */
    protected abstract void answer(HttpExchange exchange) throws IOException;

    /** ingest-api's configuration for a projector at {@code url}. */
    protected abstract Map<String, String> configuration(String url);

    @Override
    public final Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads = Executors.newFixedThreadPool(4);
        server.setExecutor(threads);
        server.createContext("/", this::answer);
        server.start();
        return configuration("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public final void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (threads != null) {
            threads.shutdownNow();
        }
    }
}
