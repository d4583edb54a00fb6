package org.opencdp.bench.baseline;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * Figure 2's baseline: the least an HTTP server on this JVM can do with the single-customer requests. Vert.x (the
 * HTTP layer under Quarkus) on as many event loops as Quarkus takes by default (two per core), reading each request's
 * whole body and answering 200 with a small JSON body, without Kafka, parsing or validation.
 * Run in its own JVM with the services' heap and GC ({@code BaselineServer <port>}).
 */
public final class BaselineServer {

    /** A small JSON answer, as ingest-api's to a single-customer write is. */
    private static final Buffer ANSWER = Buffer.buffer("{}");

    public static void main(final String[] args) {
        final int port = Integer.parseInt(args[0]);
        final Vertx vertx = Vertx.vertx();
        final int loops = 2 * Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < loops; i++) {
            vertx.createHttpServer()
                    .requestHandler(request -> request.body().onComplete(body -> request.response()
                            .setStatusCode(body.succeeded() ? 200 : 400)
                            .putHeader("Content-Type", "application/json")
                            .end(ANSWER)))
                    .listen(port, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().join();
        }
        System.out.println("Baseline HTTP server listening on 127.0.0.1:" + port + " with " + loops + " event loops");
    }

    private BaselineServer() {
    }
}
