package org.opencdp.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.opencdp.embedded.QuarkusService;

/**
 * One write followed through the whole stack (docs/observability.md): its trace from the caller's
 * {@code traceparent} through ingest-api, Kafka, the projector's fold and the trigger to the workflow's webhook,
 * exported by every service to an OTLP collector (here a plain HTTP receiver of OTLP/protobuf); and the JSON logs
 * of each service, whose lines name the request id and trace of what they were written for.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TracingIT {

    /** The caller's trace (W3C example ids): every span of the write belongs to it. */
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";
    private static final String REQUEST_ID = "tracing-it-event";
    private static final List<String> SERVICES = List.of("ingest-api", "profile-projector", "workflow-trigger");

    private static final List<byte[]> exports = new CopyOnWriteArrayList<>();
    private static final List<Map<String, List<String>>> webhookHeaders = new CopyOnWriteArrayList<>();
    private static HttpServer collector;
    private static HttpServer webhooks;
    private static DevStack stack;
    private static StackClient client;

    @BeforeAll
    static void startStackExportingTraces() throws Exception {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                exports.add(body.readAllBytes());
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        webhooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhooks.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            webhookHeaders.add(Map.copyOf(exchange.getRequestHeaders()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhooks.start();
        // The documented switches (docs/observability.md), as system properties: sample every trace, export it.
        final List<String> exporting = List.of(
                "-DCDP_TRACES_SAMPLE_RATIO=1",
                "-DCDP_OTLP_ENDPOINT=http://127.0.0.1:" + collector.getAddress().getPort(),
                "-DCDP_OTLP_PROTOCOL=http/protobuf",
                "-Dquarkus.otel.bsp.schedule.delay=200ms");
        stack = StackClient.startStack("opencdp-tracing-it", 2,
                Map.of("ingest-api", exporting, "profile-projector", exporting, "workflow-trigger", exporting));
        client = new StackClient(stack);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (collector != null) {
            collector.stop(0);
        }
        if (webhooks != null) {
            webhooks.stop(0);
        }
    }

    @Test
    @Order(1)
    void shouldFollowOneWriteFromTheRequestThroughKafkaToTheWebhookInOneTrace() throws Exception {
        // Given a workflow with a webhook, and one whose template cannot render (its run fails, and says so in the log)
        createWorkflow("""
                {"name":"Traced","trigger":{"event":"traced"},"enabled":true,
                 "webhook":{"url":"http://127.0.0.1:%d/hook"}}""".formatted(webhooks.getAddress().getPort()));
        createWorkflow("""
                {"name":"Too long","trigger":{"event":"traced"},"enabled":true,"template":"%s"}"""
                .formatted("{big}".repeat(100)));

        // When a caller inside its own trace sends an event
        final HttpResponse<String> sent = client.send("POST", client.ingest("/events"), Map.of(
                "key", "demo-key", "secret", "demo-secret", "X-Request-Id", REQUEST_ID,
                "traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01"), """
                {"customer_id":"traced-1","event":"traced","data":{"big":"%s"}}""".formatted("x".repeat(1_000)));
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(sent.headers().firstValue("X-Request-Id")).contains(REQUEST_ID);

        // Then the webhook is POSTed within the caller's trace, from a span of its own (the trigger's POST)
        await().atMost(StackClient.FOLDED).until(() -> !webhookHeaders.isEmpty());
        final String traceParent = header(webhookHeaders.get(0), "traceparent").orElseThrow();
        assertThat(traceParent).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01");
        assertThat(traceParent).doesNotContain(CALLER_SPAN_ID);

        // And every service exported spans of that trace to the collector
        final byte[] traceId = HexFormat.of().parseHex(TRACE_ID);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(SERVICES)
                .allSatisfy(service -> assertThat(exports)
                        .as("an OTLP export of %s holding a span of the caller's trace", service)
                        .anySatisfy(export -> {
                            assertThat(contains(export, service.getBytes(StandardCharsets.UTF_8))).isTrue();
                            assertThat(contains(export, traceId)).isTrue();
                        })));
    }

    @Test
    @Order(2)
    void shouldWriteLogLinesAsJsonNamingTheRequestAndTraceTheyWereWrittenFor() throws Exception {
        // Given the event of the first test, whose second workflow's run failed in workflow-trigger

        // Then the trigger's log line for it is JSON naming the request and the trace
        await().atMost(StackClient.FOLDED).untilAsserted(() -> assertThat(logLines("workflow-trigger"))
                .anySatisfy(line -> {
                    assertThat(line.path("level").asText()).isEqualTo("WARN");
                    assertThat(line.path("message").asText()).contains("failed").contains("exceeds");
                    assertThat(line.at("/mdc/requestId").asText()).isEqualTo(REQUEST_ID);
                    assertThat(line.at("/mdc/traceId").asText()).isEqualTo(TRACE_ID);
                }));
        // And every service writes JSON lines only (a JVM's own warnings on stderr aside)
        for (final String service : SERVICES) {
            assertThat(logLines(service)).as("%s's JSON log lines", service).hasSizeGreaterThan(5)
                    .allSatisfy(line -> assertThat(line.path("message").isTextual()).isTrue());
        }
    }

    @Test
    @Order(3)
    void shouldNameTheRequestInIngestApiLogLinesWrittenWhileServingIt() throws Exception {
        // Given workflow-trigger is down
        final QuarkusService trigger = stack.service("workflow-trigger");
        trigger.kill();

        // When a read ingest-api relays to it is asked for
        final HttpResponse<String> relayed = client.send("GET", client.ingest("/workflows"), Map.of(
                "Authorization", "Bearer demo-token", "X-Request-Id", "tracing-it-relay"), null);

        // Then it answers 503, and its warning names the request in the log context, not only in the text
        assertThat(relayed.statusCode()).isEqualTo(503);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(logLines("ingest-api"))
                .anySatisfy(line -> {
                    assertThat(line.path("message").asText()).contains("answered 503");
                    assertThat(line.at("/mdc/requestId").asText()).isEqualTo("tracing-it-relay");
                    assertThat(line.at("/mdc/traceId").asText()).matches("[0-9a-f]{32}");
                }));
    }

    private static void createWorkflow(final String body) throws Exception {
        final HttpResponse<String> created = client.send("POST", client.trigger("/workflows"), StackClient.bearer(), body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    /** The service's log lines that are JSON objects; a line that is neither JSON nor the JVM's own fails the test. */
    private static List<JsonNode> logLines(final String service) throws IOException {
        final List<JsonNode> lines = new ArrayList<>();
        for (final String line : Files.readAllLines(stack.service(service).logFile(), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("WARNING: ")) {
                continue; // the JVM's own warnings (restricted methods, agents), printed before logging starts
            }
            try {
                lines.add(StackClient.JSON.readTree(line));
            } catch (JsonProcessingException e) {
                throw new AssertionError(service + " wrote a log line that is not JSON: " + line, e);
            }
        }
        return lines;
    }

    private static Optional<String> header(final Map<String, List<String>> headers, final String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).findFirst();
    }

    private static boolean contains(final byte[] haystack, final byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
