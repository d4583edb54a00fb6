package org.opencdp.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.apache.avro.Schema;
import org.apache.kafka.common.errors.RetriableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a scripted stand-in for the registry: what it sends, caches, retries and reports. */
class RestSchemaRegistryTest {

    private static final Schema SCHEMA = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"Probe\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");

    private HttpServer server;
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private record Answer(int status, String body) {
    }

    private record Received(String method, String rawPath, String contentType, String body, String authorization) {
    }

    @BeforeEach
    void startStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stopStandIn() {
        server.stop(0);
    }

    @Test
    void shouldRegisterUnderTheEncodedSubjectWithTheConfluentContentType() {
        // Given
        answers.add(new Answer(200, "{\"id\":17}"));
        final RestSchemaRegistry registry = new RestSchemaRegistry(url() + "/");

        // When
        final int id = registry.register("odd subject/value", SCHEMA);

        // Then
        assertThat(id).isEqualTo(17);
        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.rawPath()).isEqualTo("/apis/ccompat/v7/subjects/odd%20subject%2Fvalue/versions");
            assertThat(r.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
            assertThat(r.body()).isEqualTo("{\"schema\":" + quoted(SCHEMA.toString()) + "}");
        });
    }

    @Test
    void shouldSendTheBasicCredentialsWithEveryRequest() {
        // Given a registry that wants an API key and secret
        answers.add(new Answer(200, "{\"id\":3}"));
        final RegistryAccess access = RegistryAccess.of(Optional.of("key:s3cret"), Optional.empty(), Optional.empty(),
                Optional.empty(), "PKCS12");
        final RestSchemaRegistry registry = new RestSchemaRegistry(url(), Duration.ofSeconds(2), access);

        // When
        registry.register("s", SCHEMA);

        // Then the request carries them as HTTP basic credentials, and the access names the user, not the secret
        assertThat(received).singleElement().extracting(Received::authorization).isEqualTo("Basic a2V5OnMzY3JldA==");
        assertThat(access.toString()).contains("key").doesNotContain("s3cret");
    }

    @Test
    void shouldReportARefusedCredentialWithoutRetryingOrRevealingIt() {
        // Given a registry that refuses the token
        answers.add(new Answer(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}"));
        final RestSchemaRegistry registry = new RestSchemaRegistry(url(), Duration.ofSeconds(2), RegistryAccess.of(
                Optional.empty(), Optional.of("tok-123"), Optional.empty(), Optional.empty(), "PKCS12"));

        // When / Then: one request with the bearer token, a refusal naming 401, not the token
        assertThatThrownBy(() -> registry.register("s", SCHEMA)).isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("401").hasMessageNotContaining("tok-123");
        assertThat(received).singleElement().extracting(Received::authorization).isEqualTo("Bearer tok-123");
    }

    @Test
    void shouldRefuseBothBasicCredentialsAndABearerToken() {
        assertThatThrownBy(() -> RegistryAccess.of(Optional.of("u:p"), Optional.of("t"), Optional.empty(),
                Optional.empty(), "PKCS12")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> RegistryAccess.of(Optional.of("no-colon"), Optional.empty(), Optional.empty(),
                Optional.empty(), "PKCS12")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user:password").hasMessageNotContaining("no-colon");
    }

    @Test
    void shouldAskTheRegistryOnceForEachSubjectSchemaAndEachId() {
        // Given
        answers.add(new Answer(200, "{\"id\":5}"));
        answers.add(new Answer(200, "{\"schema\":" + quoted(SCHEMA.toString()) + "}"));
        final RestSchemaRegistry registry = new RestSchemaRegistry(url());

        // When
        final int first = registry.register("probe-value", SCHEMA);
        final int second = registry.register("probe-value", SCHEMA);
        final Schema registered = registry.schemaById(5);
        final Schema looked = registry.schemaById(6);
        final Schema lookedAgain = registry.schemaById(6);

        // Then: one registration; id 5 known from it; id 6 fetched once
        assertThat(first).isEqualTo(5).isEqualTo(second);
        assertThat(registered).isEqualTo(SCHEMA);
        assertThat(looked).isEqualTo(SCHEMA).isSameAs(lookedAgain);
        assertThat(received).extracting(Received::method, Received::rawPath).containsExactly(
                org.assertj.core.groups.Tuple.tuple("POST", "/apis/ccompat/v7/subjects/probe-value/versions"),
                org.assertj.core.groups.Tuple.tuple("GET", "/apis/ccompat/v7/schemas/ids/6"));
    }

    @Test
    void shouldReportAnIncompatibleSchemaWithTheRegistrysCodeAndMessageWithoutRetrying() {
        // Given
        answers.add(new Answer(409, "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier schema\"}"));
        final RestSchemaRegistry registry = new RestSchemaRegistry(url());

        // When / Then
        assertThatThrownBy(() -> registry.register("probe-value", SCHEMA))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                })
                .hasMessageContaining("subject 'probe-value'")
                .hasMessageContaining("HTTP 409, error_code 409")
                .hasMessageContaining("incompatible with an earlier schema");
        assertThat(received).hasSize(1);
    }

    @Test
    void shouldReportAnUnknownIdWithTheRegistrysCode() {
        // Given
        answers.add(new Answer(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}"));
        final RestSchemaRegistry registry = new RestSchemaRegistry(url());

        // When / Then
        assertThatThrownBy(() -> registry.schemaById(99))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403))
                .hasMessageContaining("schema id 99")
                .hasMessageContaining("Schema not found");
    }

    @Test
    void shouldRetryAServerErrorAndSucceed() {
        // Given
        answers.add(new Answer(503, "starting"));
        answers.add(new Answer(200, "{\"id\":3}"));
        final RestSchemaRegistry registry = new RestSchemaRegistry(url());

        // When
        final int id = registry.register("probe-value", SCHEMA);

        // Then
        assertThat(id).isEqualTo(3);
        assertThat(received).hasSize(2);
    }

    @Test
    void shouldReportAnUnreachableRegistryAsRetriableAfterAFewAttempts() throws IOException {
        // Given: a port nobody listens on
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        final RestSchemaRegistry registry = new RestSchemaRegistry("http://127.0.0.1:" + closedPort, Duration.ofSeconds(1));

        // When / Then
        assertThatThrownBy(() -> registry.schemaById(1))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .isInstanceOf(RetriableException.class)
                .hasMessageContaining("unreachable")
                .hasMessageContaining("after 3 attempts");
    }

    @Test
    void shouldReportAServerErrorThatLastsAsRetriableAndCacheNothing() {
        // Given: three 5xx answers, then the schema
        answers.add(new Answer(503, "starting"));
        answers.add(new Answer(500, "{\"error_code\":50001,\"message\":\"storage unavailable\"}"));
        answers.add(new Answer(502, "bad gateway"));
        answers.add(new Answer(200, "{\"schema\":" + quoted(SCHEMA.toString()) + "}"));
        final RestSchemaRegistry registry = new RestSchemaRegistry(url());

        // When / Then: the lookup gives up after three attempts, as unavailable
        assertThatThrownBy(() -> registry.schemaById(8))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("HTTP 502")
                .hasMessageContaining("after 3 attempts");
        assertThat(received).hasSize(3);

        // When / Then: the next lookup asks again and gets the schema
        assertThat(registry.schemaById(8)).isEqualTo(SCHEMA);
    }

    @Test
    void shouldRejectALookupAnsweredWithAnotherSchemaType() {
        // Given
        answers.add(new Answer(200, "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}"));
        final RestSchemaRegistry registry = new RestSchemaRegistry(url());

        // When / Then
        assertThatThrownBy(() -> registry.schemaById(4))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("PROTOBUF");
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7";
    }

    private void answer(final HttpExchange exchange) throws IOException {
        final String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders().getFirst("Content-Type"), body,
                exchange.getRequestHeaders().getFirst("Authorization")));
        final Answer answer = answers.poll();
        final byte[] bytes = (answer == null ? "{\"error_code\":50001,\"message\":\"unscripted\"}" : answer.body())
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(answer == null ? 500 : answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String quoted(final String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
