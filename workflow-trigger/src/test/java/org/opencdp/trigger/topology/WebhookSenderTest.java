package org.opencdp.trigger.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.WorkflowRun;

/** The HTTP side against a local server that answers as badly as a receiver can. */
class WebhookSenderTest {

    private HttpServer server;
    private WebhookSender sender;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/endless", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(500, 0); // chunked: the body never ends on its own
            final byte[] chunk = "x".repeat(8192).getBytes();
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100_000; i++) {
                    out.write(chunk);
                }
            } catch (IOException closedByTheClient) {
                // The sender stopped reading: what this test wants.
            }
        });
        server.createContext("/moved", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Location", "/elsewhere");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        sender = new WebhookSender(new ObjectMapper(), Duration.ofSeconds(2), 100, 64);
    }

    @AfterEach
    void stop() {
        sender.close();
        server.stop(0);
    }

    private String url(final String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void shouldReadAtMostTheBoundOfAnEndlessAnswer() throws Exception {
        // When the receiver answers 500 with a body that does not end
        final WebhookSender.Answer answer = sender.send(url("/endless"), run()).get(10, TimeUnit.SECONDS);

        // Then the answer is the status and the first 64 bytes, not 800 MB
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.body()).isEqualTo("x".repeat(64));
    }

    @Test
    void shouldNotFollowARedirect() throws Exception {
        assertThat(sender.send(url("/moved"), run()).get(10, TimeUnit.SECONDS).status()).isEqualTo(302);
    }

    @Test
    void shouldRefuseAUrlItMustNotSendTo() {
        assertThatThrownBy(() -> sender.send(url("/" + "a".repeat(100)), run()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 100");
        assertThatThrownBy(() -> sender.send("file:///etc/passwd", run()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> sender.send("http://exa mple.com/", run()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static WorkflowRun run() {
        return WorkflowRun.newBuilder().setRunId("run-1").setWorkspaceId("demo").setWorkflowId("wf-a")
                .setWorkflowName("A").setCustomerId("c-1").setEventId("e-1").setEventName("signup")
                .setRequestId("req-1").setEventTimestamp(Instant.parse("2024-05-02T12:30:00Z")).setContext(Map.of())
                .build();
    }
}
