package org.opencdp.importer.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.opencdp.importer.route.Catalog;

/**
 * ingest-api over HTTP with the import's credentials: a batch write with its {@code Idempotency-Key}, retried
 * with back-off on 429, 503 and connection errors; and the catalog ({@code GET /properties}).
 * <p>
 * Two budgets, since two things can be wrong: no answer at all (a wrong {@code --url}, a stopped stack) is given
 * a number of attempts, so it is said within seconds for the catalog; an answer that says "not now" (429, 502, 503,
 * 504: a projector rebalancing, a broker electing a leader) is waited out, each wait at least its
 * {@code Retry-After}, for up to {@link #NOT_READY_WAIT}.
 */
public final class ApiClient {

    /** What a write came to: the status and body of the last answer. */
    public record Answer(int status, String body) {
    }

    /** The write could not be made (no answer after every retry, or credentials refused). */
    public static final class Failure extends IOException {
        public Failure(final String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Attempts a write gets when nothing answers. */
    private static final int ATTEMPTS = 8;
    /** Attempts the catalog read, the import's first request, gets when nothing answers. */
    private static final int CATALOG_ATTEMPTS = 3;
    /** How long answers that say "not now" are waited out: longer than a rebalance of the stack's services. */
    static final Duration NOT_READY_WAIT = Duration.ofMinutes(3);
    private static final long MAX_BACK_OFF_MS = 30_000;
    /** How much of a server's answer an error message shows. */
    static final int SHOWN_CHARACTERS = 200;

    /**
     * HTTP/1.1, one keep-alive connection per lane in flight. The JDK client's default (HTTP/2, upgraded from
     * plain HTTP) put every lane on one connection, so one of ingest-api's event loops read every batch and each
     * batch's body waited on HTTP/2 flow control (docs/import.md, "Figures").
     */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String url;
    private final Map<String, String> credentials;

    public ApiClient(final String url, final String key, final String secret, final String token) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        final Map<String, String> headers = new HashMap<>();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        } else {
            headers.put("key", key);
            headers.put("secret", secret);
        }
        this.credentials = Map.copyOf(headers);
    }

    /** The workspace's catalog. */
    public Catalog catalog() throws IOException, InterruptedException {
        // Read first, before any write: a wrong --url or a stopped stack is said within seconds, not after minutes.
        final Answer answer = send(HttpRequest.newBuilder(URI.create(url + "/properties")).GET(), "GET /properties",
                CATALOG_ATTEMPTS);
        if (answer.status() != 200) {
            throw new Failure("GET /properties answered " + answer.status() + ": " + shortened(answer.body()));
        }
        final Map<String, Catalog.Property> properties = new HashMap<>();
        final JsonNode list = JSON.readTree(answer.body()).path("properties");
        for (final Iterator<JsonNode> it = list.elements(); it.hasNext(); ) {
            final JsonNode p = it.next();
            final java.util.List<String> values = new java.util.ArrayList<>();
            p.path("enum_values").forEach(v -> values.add(v.asText()));
            properties.put(p.path("name").asText(), new Catalog.Property(p.path("type").asText(), values));
        }
        return new Catalog(properties);
    }

    /** POSTs {@code body} to {@code path} with {@code idempotencyKey}; the first answer that is not worth a retry. */
    public Answer post(final String path, final byte[] body, final String idempotencyKey)
            throws IOException, InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return send(request, "POST " + path, ATTEMPTS);
    }

    /**
     * The first answer not worth a retry; {@code attempts} when nothing answers, {@link #NOT_READY_WAIT} while the
     * answer is "not now".
     */
    private Answer send(final HttpRequest.Builder request, final String what, final int attempts)
            throws IOException, InterruptedException {
        credentials.forEach(request::header);
        final HttpRequest built = request.build();
        final long notReadyUntil = System.nanoTime() + NOT_READY_WAIT.toNanos();
        long backOff = 500;
        int unanswered = 0;
        while (true) {
            long wait = backOff;
            try {
                final HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
                final int status = response.statusCode();
                if (status != 429 && status != 503 && status != 502 && status != 504) {
                    if (status == 401 || status == 403) {
                        throw new Failure(what + " answered " + status + ": the credentials are refused ("
                                + shortened(response.body()) + ")");
                    }
                    return new Answer(status, response.body());
                }
                wait = Math.max(wait, response.headers().firstValue("Retry-After").map(ApiClient::seconds).orElse(0L) * 1000);
                wait = Math.min(wait, MAX_BACK_OFF_MS);
                if (System.nanoTime() + wait * 1_000_000 > notReadyUntil) {
                    throw new Failure(what + " still answered " + status + " after retrying for up to "
                            + NOT_READY_WAIT.toSeconds() + " s: " + shortened(response.body()));
                }
            } catch (Failure refused) {
                throw refused;
            } catch (IOException noAnswer) {
                if (++unanswered == attempts) {
                    throw new Failure(what + " failed after " + attempts + " attempts: " + (
                            noAnswer instanceof java.net.ConnectException || noAnswer instanceof java.net.http.HttpTimeoutException
                                    ? "could not connect to " + url + " (" + noAnswer.getClass().getSimpleName() + ")"
                                    : "connection failed: " + noAnswer.getMessage()));
                }
            }
            Thread.sleep(Math.min(wait, MAX_BACK_OFF_MS));
            backOff = Math.min(backOff * 2, MAX_BACK_OFF_MS);
        }
    }

    private static long seconds(final String retryAfter) {
        try {
            return Long.parseLong(retryAfter.strip());
        } catch (NumberFormatException notSeconds) {
            return 1;
        }
    }

    /**
     * The start of a server's answer, safe to print on a terminal: its first {@value #SHOWN_CHARACTERS} characters
     * (one more to keep a pair of surrogates whole), control and format characters (an escape sequence, a bidi
     * override) shown as {@code \\uXXXX}. A wrong {@code --url} may point at any server, so its answer is not trusted.
     */
    public static String shortened(final String body) {
        if (body == null) {
            return "";
        }
        final StringBuilder safe = new StringBuilder();
        int shown = 0;
        while (shown < body.length() && safe.length() < SHOWN_CHARACTERS) {
            final int c = body.codePointAt(shown);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                safe.append(String.format("\\u%04x", c));
            } else {
                safe.appendCodePoint(c);
            }
            shown += Character.charCount(c);
        }
        return shown < body.length() ? safe + "..." : safe.toString();
    }
}
