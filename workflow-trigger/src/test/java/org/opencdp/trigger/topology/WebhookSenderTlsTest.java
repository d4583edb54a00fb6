package org.opencdp.trigger.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.vertx.core.Vertx;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.trigger.webhook.WebhookTargets;

/**
 * A delivery connects to the address it checked, yet TLS still verifies the URL's host name: a certificate for
 * {@code receiver.test} served on that address is accepted for {@code https://receiver.test/…} and refused for any
 * other name resolving to the same address.
 */
class WebhookSenderTlsTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;
    private static HttpsServer server;
    private static Vertx vertx;
    private static WebhookSender sender;
    private static String previousTrustStore;

    @BeforeAll
    static void start() throws Exception {
        // Given a server on loopback whose certificate names receiver.test only, and a client that trusts it
        final Path keys = dir.resolve("receiver.p12");
        final Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "receiver", "-keyalg", "EC", "-dname", "CN=receiver.test",
                "-ext", "SAN=dns:receiver.test", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keys.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        final KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keys.toFile())) {
            store.load(in, PASSWORD.toCharArray());
        }
        final KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, PASSWORD.toCharArray());
        final SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/ok", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        previousTrustStore = System.getProperty("javax.net.ssl.trustStore");
        System.setProperty("javax.net.ssl.trustStore", keys.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
        vertx = Vertx.vertx();
        final WebhookTargets.Resolver everyNameIsLoopback = host -> List.of(InetAddress.getByName("127.0.0.1"));
        sender = new WebhookSender(vertx, new ObjectMapper(), Duration.ofSeconds(5), 200, 64,
                new WebhookTargets(List.of(), List.of("127.0.0.0/8")), everyNameIsLoopback);
    }

    @AfterAll
    static void stop() throws IOException {
        sender.close();
        vertx.close();
        server.stop(0);
        if (previousTrustStore == null) {
            System.clearProperty("javax.net.ssl.trustStore");
        } else {
            System.setProperty("javax.net.ssl.trustStore", previousTrustStore);
        }
        System.clearProperty("javax.net.ssl.trustStorePassword");
    }

    @Test
    void shouldVerifyTheCertificateAgainstTheUrlsHostNotTheAddress() throws Exception {
        final int port = server.getAddress().getPort();

        // When a run goes to the name the certificate is for, on the checked address
        final WebhookSender.Answer answer = sender.send("https://receiver.test:" + port + "/ok", run(), null)
                .get(20, TimeUnit.SECONDS);

        // Then it is delivered
        assertThat(answer.status()).isEqualTo(204);

        // And another name on the same address fails the TLS check: the address alone is never trusted
        assertThatThrownBy(() -> sender.send("https://impostor.test:" + port + "/ok", run(), null).get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .rootCause().hasMessageContaining("impostor.test");
    }

    private static WorkflowRun run() {
        return WorkflowRun.newBuilder().setRunId("run-tls").setWorkspaceId("demo").setWorkflowId("wf-a")
                .setWorkflowName("A").setCustomerId("c-1").setEventId("e-1").setEventName("signup")
                .setRequestId("req-1").setEventTimestamp(Instant.parse("2024-05-02T12:30:00Z")).setContext(Map.of())
                .build();
    }
}
