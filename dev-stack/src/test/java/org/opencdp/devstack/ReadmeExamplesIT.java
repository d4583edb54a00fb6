package org.opencdp.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.devstack.StackClient.JSON;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's "Try it" examples, read from the README ({@link ReadmeExamples}) and sent in order to the whole
 * stack with no pause between them, as a new user pasting them would: each documented answer
 * ({@code # → 200 {…}}) is checked, so the test fails when the README and the behaviour part. Reads right after
 * a write find it: catalog administration answers once its change is visible, and the reads carry the write's
 * {@code X-Consistency-Token} as the README shows.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag(RunningStack.SHARED_TAG)
class ReadmeExamplesIT {

    @RegisterExtension
    static final RunningStack STACK = RunningStack.shared();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    @Order(1)
    void shouldGiveTheDocumentedAnswersWhenTheReadmesExamplesArePastedInOrder() throws Exception {
        // Given
        final List<ReadmeExamples.Request> requests = ReadmeExamples.of(StackClient.root().resolve("README.md"));
        assertThat(requests.stream().filter(r -> r.expected().isPresent()).count()).isGreaterThanOrEqualTo(10);
        final Map<String, String> variables = new HashMap<>();
        final List<String> sent = new ArrayList<>();
        // When, then: one after the other, no pause
        for (final ReadmeExamples.Request request : requests) {
            if (request.skipped().isPresent()) {
                continue;
            }
            final long started = System.nanoTime();
            final HttpResponse<String> answer = send(request, variables);
            final long tookMs = (System.nanoTime() - started) / 1_000_000;
            if (answer.statusCode() >= 500) {
                printServiceLogs();
            }
            sent.add(request + " → " + answer.statusCode() + " in " + tookMs + " ms");
            request.captures().ifPresent(name -> variables.put(name,
                    answer.headers().firstValue("X-Consistency-Token").orElseThrow(() ->
                            new AssertionError(request + " answered no X-Consistency-Token: " + answer.statusCode()))));
            if (request.expected().isPresent()) {
                final ReadmeExamples.Expected expected = request.expected().get();
                assertThat(answer.statusCode()).as(request + " answered " + answer.body()).isEqualTo(expected.status());
                if (expected.json().isPresent()) {
                    final JsonNode want = JSON.readTree(expected.json().get());
                    final JsonNode got = JSON.readTree(answer.body());
                    assertThat(contains(got, want)).as(request + " answered " + answer.body() + ", documented "
                            + expected.json().get()).isTrue();
                }
            } else {
                assertThat(answer.statusCode()).as(request + " answered " + answer.body()).isLessThan(500);
            }
        }
        sent.forEach(System.out::println);
        assertThat(sent).as("requests sent").hasSizeGreaterThanOrEqualTo(15);
    }

    @Test
    @Order(2)
    void shouldReadEveryWritesTokenFromTheParameterOrTheHeaderOnEveryReadRoute() throws Exception {
        // Given: an Attentive write (identity: token) and a Retently write (customer-commands token)
        final StackClient client = STACK.client();
        final HttpResponse<String> attentive = client.send("POST", client.ingest("/v1/attributes/custom"), StackClient.bearer(),
                "{\"properties\":{\"Shoe size\":\"42\"},\"user\":{\"email\":\"bo@example.com\"}}");
        final String identityToken = attentive.headers().firstValue("X-Consistency-Token").orElseThrow();
        final HttpResponse<String> retently = client.send("POST", client.ingest("/api/v2/customers"), StackClient.keyAndSecret(),
                "{\"subscribers\":[{\"email\":\"cy@example.com\",\"first_name\":\"Cy\"}]}");
        final String customerToken = retently.headers().firstValue("X-Consistency-Token").orElseThrow();
        // When, then: right away, the Attentive read by email through ingest-api with ?after=
        final JsonNode attributes = StackClient.answered(client.send("GET", client.ingest("/v1/attributes/custom?email=bo%40example.com&after="
                + StackClient.encoded(identityToken)), StackClient.bearer(), null), 200);
        assertThat(attributes.toString()).contains("Shoe size");
        // the projector's read by email with the header
        final Map<String, String> withToken = new HashMap<>(StackClient.keyAndSecret());
        withToken.put("X-Consistency-Token", customerToken);
        final JsonNode subscriber = StackClient.answered(client.send("GET", client.projector("/customers?email=cy%40example.com"),
                withToken, null), 200);
        assertThat(subscriber.path("attributes").path("first_name").path("value").asText()).isEqualTo("Cy");
        // a parameter and a header naming different writes
        final HttpResponse<String> both = client.send("GET", client.ingest("/customers/cy%40example.com?after=0:0"), withToken, null);
        assertThat(both.statusCode()).as(both.body()).isEqualTo(400);
        // a malformed identity token
        final HttpResponse<String> malformed = client.send("GET", client.projector("/customers?email=cy%40example.com&after=identity:x"),
                StackClient.keyAndSecret(), null);
        assertThat(malformed.statusCode()).as(malformed.body()).isEqualTo(400);
    }

    /** A 5xx is a bug: the services' logs say why (they go with the stack's directory when the test ends). */
    private static void printServiceLogs() throws IOException {
        try (Stream<Path> logs = Files.list(STACK.stack().settings().dataDir().resolve("logs"))) {
            for (final Path log : logs.toList()) {
                final List<String> lines = Files.readAllLines(log);
                System.err.println("==> " + log + " (last 200 lines)");
                lines.subList(Math.max(0, lines.size() - 200), lines.size()).forEach(System.err::println);
            }
        }
    }

    private static HttpResponse<String> send(final ReadmeExamples.Request request, final Map<String, String> variables)
            throws Exception {
        final String url = ReadmeExamples.expand(request.url(), variables)
                .replace("http://127.0.0.1:8080", STACK.client().ingest(""))
                .replace("http://127.0.0.1:8081", STACK.client().projector(""))
                .replace("http://127.0.0.1:8082", STACK.client().trigger(""));
        final HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(request.body()));
        ReadmeExamples.headers(request, variables).forEach(builder::header);
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Whether {@code got} holds {@code want}: every field of an object (recursively), every element of an array
     * in some element of the other, numbers by value ({@code 24} is {@code 24.0}), other values equal.
     */
    static boolean contains(final JsonNode got, final JsonNode want) {
        if (want.isObject()) {
            if (!got.isObject()) {
                return false;
            }
            for (final Iterator<Map.Entry<String, JsonNode>> fields = want.fields(); fields.hasNext(); ) {
                final Map.Entry<String, JsonNode> field = fields.next();
                if (!got.has(field.getKey()) || !contains(got.get(field.getKey()), field.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (want.isArray()) {
            if (!got.isArray()) {
                return false;
            }
            for (final JsonNode element : want) {
                boolean found = false;
                for (final JsonNode candidate : got) {
                    found = found || contains(candidate, element);
                }
                if (!found) {
                    return false;
                }
            }
            return true;
        }
        if (want.isNumber()) {
            return got.isNumber() && got.decimalValue().compareTo(want.decimalValue()) == 0;
        }
        return want.equals(got);
    }
}
