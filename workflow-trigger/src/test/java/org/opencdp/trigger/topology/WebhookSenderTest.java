package org.opencdp.trigger.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.trigger.Fixtures;
import org.opencdp.trigger.webhook.WebhookSignature;
import org.opencdp.trigger.webhook.WebhookTargets;

/** The HTTP side against a local server that answers as badly as a receiver can. */
class WebhookSenderTest {

    private final Queue<String> hosts = new ConcurrentLinkedQueue<>();
    private final Queue<String> signatures = new ConcurrentLinkedQueue<>();
    private final Queue<byte[]> bodies = new ConcurrentLinkedQueue<>();
    private HttpServer server;
    private Vertx vertx;
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
        server.createContext("/ok", exchange -> {
            bodies.add(exchange.getRequestBody().readAllBytes());
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            signatures.add(String.join("|", String.valueOf(exchange.getRequestHeaders().getFirst("webhook-id")),
                    String.valueOf(exchange.getRequestHeaders().getFirst("webhook-timestamp")),
                    String.valueOf(exchange.getRequestHeaders().getFirst("webhook-signature"))));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        vertx = Vertx.vertx();
        sender = sender(Fixtures.LOOPBACK_RECEIVERS, WebhookTargets.SYSTEM);
    }

    @AfterEach
    void stop() {
        sender.close();
        vertx.close();
        server.stop(0);
    }

    private WebhookSender sender(final WebhookTargets targets, final WebhookTargets.Resolver resolver) {
        return new WebhookSender(vertx, new ObjectMapper(), Duration.ofSeconds(2), 100, 64, targets, resolver);
    }

    private String url(final String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void shouldReadAtMostTheBoundOfAnEndlessAnswer() throws Exception {
        // When the receiver answers 500 with a body that does not end
        final WebhookSender.Answer answer = sender.send(url("/endless"), run(), null).get(10, TimeUnit.SECONDS);

        // Then the answer is the status and the first 64 bytes, not 800 MB
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.body()).isEqualTo("x".repeat(64));
    }

    @Test
    void shouldNotFollowARedirect() throws Exception {
        assertThat(sender.send(url("/moved"), run(), null).get(10, TimeUnit.SECONDS).status()).isEqualTo(302);
    }

    @Test
    void shouldRefuseAUrlItMustNotSendTo() {
        assertThatThrownBy(() -> sender.send(url("/" + "a".repeat(100)), run(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 100");
        assertThatThrownBy(() -> sender.send("file:///etc/passwd", run(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute https URL");
        assertThatThrownBy(() -> sender.send("http://exa mple.com/", run(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldSignWithTheWorkflowsSecretAndSendNoSignatureWithoutOne() throws Exception {
        final String secret = WebhookSignature.newSecret();

        // When one run is sent with the workflow's secret and one without
        assertThat(sender.send(url("/ok"), run(), secret).get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(sender.send(url("/ok"), run(), null).get(10, TimeUnit.SECONDS).status()).isEqualTo(200);

        // Then the first carries a signature of its very body that verifies with the secret; the second none
        final String[] signed = signatures.remove().split("\\|");
        assertThat(signed[0]).isEqualTo("run-1");
        assertThat(WebhookSignature.verify(secret, signed[0], Long.parseLong(signed[1]), bodies.remove(), signed[2]))
                .isTrue();
        assertThat(signatures.remove()).isEqualTo("null|null|null");
    }

    @Test
    void shouldRefusePlainHttpToAHostTheOperatorDidNotList() {
        assertThatThrownBy(() -> sender.send("http://example.com/hook", run(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be https");
    }

    @Test
    void shouldNotPostToALoopbackAddressUnlessItsNetworkIsAllowed() {
        // Given an operator who allows plain http to 127.0.0.1 but no inside network
        try (WebhookSender strict = sender(new WebhookTargets(List.of("127.0.0.1"), List.of()), WebhookTargets.SYSTEM)) {
            // When a delivery goes to the platform's own loopback port
            // Then the attempt fails naming the address, and nothing reached the port
            assertThatThrownBy(() -> strict.send(url("/ok"), run(), null).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasMessageContaining("127.0.0.1, a loopback address");
            assertThat(hosts).isEmpty();
        }
    }

    @Test
    void shouldConnectToTheAddressItCheckedAndNameTheHostInTheRequest() throws Exception {
        // Given a name that resolves to the receiver's address, in a network the operator allows
        final WebhookTargets targets = new WebhookTargets(List.of("receiver.test"), List.of("127.0.0.0/8"));
        try (WebhookSender named = sender(targets, host -> List.of(InetAddress.getByName("127.0.0.1")))) {
            // When a run is delivered to it
            final int port = server.getAddress().getPort();
            final WebhookSender.Answer answer = named.send("http://receiver.test:" + port + "/ok", run(), null)
                    .get(10, TimeUnit.SECONDS);

            // Then the connection went to the checked address, and the request still names the host
            assertThat(answer.status()).isEqualTo(200);
            assertThat(hosts).containsExactly("receiver.test:" + port);
        }
    }

    @Test
    void shouldCheckTheNameAgainAtEachDeliverySoARebindingCannotReachInside() throws Exception {
        // Given a name that resolved to a public address when the workflow was written, and to loopback now
        final Queue<String> answers = new ConcurrentLinkedQueue<>(List.of("93.184.216.34", "127.0.0.1"));
        final WebhookTargets.Resolver rebinding = host -> List.of(InetAddress.getByName(answers.remove()));
        final WebhookTargets targets = new WebhookTargets(List.of("rebind.test"), List.of());
        final int port = server.getAddress().getPort();
        assertThat(targets.check("http://rebind.test:" + port + "/ok", rebinding).address().getHostAddress())
                .isEqualTo("93.184.216.34");
        try (WebhookSender rebound = sender(targets, rebinding)) {
            // When the run is delivered
            // Then the delivery resolves again, is refused, and never connects
            assertThatThrownBy(() -> rebound.send("http://rebind.test:" + port + "/ok", run(), null).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasMessageContaining("loopback");
            assertThat(hosts).isEmpty();
        }
    }

    private static WorkflowRun run() {
        return WorkflowRun.newBuilder().setRunId("run-1").setWorkspaceId("demo").setWorkflowId("wf-a")
                .setWorkflowName("A").setCustomerId("c-1").setEventId("e-1").setEventName("signup")
                .setRequestId("req-1").setEventTimestamp(Instant.parse("2024-05-02T12:30:00Z")).setContext(Map.of())
                .build();
    }
}
