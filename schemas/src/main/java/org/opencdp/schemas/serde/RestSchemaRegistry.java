package org.opencdp.schemas.serde;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A client of the Confluent Schema Registry REST API (only its documented calls, so it works against a
 * Confluent registry and against Apicurio's {@code /apis/ccompat/v7}): registers Avro schemas under a subject
 * and looks schemas up by global id. Both directions are cached for the life of the client: an id never
 * changes meaning, and a subject's id for a given schema never changes either.
 *
 * <p>Transient failures (no connection, a timeout, a 5xx) are retried a few times with a short backoff, then
 * reported as {@link SchemaRegistryUnavailableException} (retriable: the caller tries again later); a refusal
 * (4xx, e.g. 409 for a schema incompatible with the subject's history) is not retried and is reported as
 * {@link SchemaRegistryException}. Nothing is cached from a failed call.
 */
public final class RestSchemaRegistry implements SchemaRegistry {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    /** Each request's bound unless one is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final int ATTEMPTS = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final Duration timeout;
    private final HttpClient http;
    private final RegistryAccess access;
    private final Map<SubjectSchema, Integer> idBySubjectSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {
    }

    /** A client of the registry at {@code baseUrl}, e.g. {@code http://localhost:8085/apis/ccompat/v7}. */
    public RestSchemaRegistry(final String baseUrl) {
        this(baseUrl, DEFAULT_TIMEOUT);
    }

    /** As {@link #RestSchemaRegistry(String)}, each request (and connecting) bounded by {@code timeout}. */
    public RestSchemaRegistry(final String baseUrl, final Duration timeout) {
        this(baseUrl, timeout, RegistryAccess.NONE);
    }

    /**
     * As {@link #RestSchemaRegistry(String, Duration)}, authenticating every request and trusting the certificates
     * {@code access} names.
     */
    public RestSchemaRegistry(final String baseUrl, final Duration timeout, final RegistryAccess access) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("The schema registry URL is missing");
        }
        final String trimmed = baseUrl.strip().replaceAll("/+$", "");
        if (!trimmed.startsWith("http://") && !trimmed.startsWith("https://")) {
            throw new IllegalArgumentException("The schema registry URL must be http(s): " + baseUrl);
        }
        this.baseUrl = trimmed;
        this.timeout = timeout;
        this.access = access;
        final HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(timeout);
        access.ssl().ifPresent(http::sslContext);
        this.http = http.build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public int register(final String subject, final Schema schema) {
        final Integer id = idBySubjectSchema.computeIfAbsent(new SubjectSchema(subject, schema), this::registerRemotely);
        schemaById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema schemaById(final int id) {
        return schemaById.computeIfAbsent(id, this::fetch);
    }

    private int registerRemotely(final SubjectSchema key) {
        final ObjectNode body = JSON.createObjectNode().put("schema", key.schema().toString());
        final String path = "/subjects/" + pathSegment(key.subject()) + "/versions";
        final JsonNode answer = send("register a schema under subject '" + key.subject() + "'",
                HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        final JsonNode id = answer.get("id");
        if (id == null || !id.canConvertToInt()) {
            throw new SchemaRegistryException("The schema registry at " + baseUrl + " answered the registration under '"
                    + key.subject() + "' without an id: " + answer);
        }
        return id.intValue();
    }

    private Schema fetch(final int id) {
        final JsonNode answer = send("look up schema id " + id, HttpRequest.newBuilder(uri("/schemas/ids/" + id)).GET());
        final JsonNode type = answer.get("schemaType");
        if (type != null && !"AVRO".equals(type.asText())) {
            throw new SchemaRegistryException("Schema id " + id + " is a " + type.asText() + " schema, not Avro");
        }
        final Schema.Parser parser = new Schema.Parser();
        try {
            parseReferences(answer.get("references"), parser, new HashSet<>());
            return parser.parse(schemaText(answer, "schema id " + id));
        } catch (SchemaParseException | AvroTypeException e) {
            throw new SchemaRegistryException("Schema id " + id + " is not a valid Avro schema: " + e.getMessage(), e);
        }
    }

    /**
     * Parses the named types a schema refers to (Confluent schema references: {@code name}, {@code subject},
     * {@code version}), their own references first, so that the parser knows them when it meets their names.
     * Writers that split nested types into subjects of their own (as Apicurio's serde does by default) need it.
     */
    private void parseReferences(final JsonNode references, final Schema.Parser parser, final Set<String> parsed) {
        if (references == null || !references.isArray()) {
            return;
        }
        for (final JsonNode reference : references) {
            final String subject = reference.path("subject").asText();
            final String version = reference.path("version").asText();
            if (!parsed.add(subject + "/" + version)) {
                continue;
            }
            final String what = "look up version " + version + " of subject '" + subject + "' (a schema reference)";
            final JsonNode referenced = send(what, HttpRequest.newBuilder(
                    uri("/subjects/" + pathSegment(subject) + "/versions/" + pathSegment(version))).GET());
            parseReferences(referenced.get("references"), parser, parsed);
            final String text = schemaText(referenced, "subject '" + subject + "' version " + version);
            final String name = reference.path("name").asText();
            if (!parser.getTypes().containsKey(name)) {
                parser.parse(text);
            }
        }
    }

    private String schemaText(final JsonNode answer, final String what) {
        final JsonNode schema = answer.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new SchemaRegistryException("The schema registry at " + baseUrl + " answered the lookup of " + what
                    + " without a schema: " + answer);
        }
        return schema.asText();
    }

    /** Sends a request, retrying transient failures; returns the JSON answer of a 2xx. */
    private JsonNode send(final String what, final HttpRequest.Builder request) {
        request.timeout(timeout).header("Content-Type", CONTENT_TYPE).header("Accept", ACCEPT);
        access.authorization().ifPresent(value -> request.header("Authorization", value));
        final HttpRequest built = request.build();
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                return sendOnce(what, built);
            } catch (TransientFailure e) {
                if (attempt == ATTEMPTS) {
                    throw new SchemaRegistryUnavailableException(e.getMessage() + " (after " + ATTEMPTS + " attempts)",
                            e.refusal != null ? e.refusal : e.getCause());
                }
            }
            sleep(backoff, what);
            backoff = backoff.multipliedBy(2);
        }
    }

    private JsonNode sendOnce(final String what, final HttpRequest request) throws TransientFailure {
        final HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TransientFailure("Cannot " + what + ": the schema registry at " + baseUrl + " is unreachable ("
                    + e + ")", e, null);
        } catch (InterruptedException e) {
            // The caller is being stopped: the call did not happen, which is not the record's fault.
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnavailableException("Interrupted while trying to " + what, e);
        }
        final int status = response.statusCode();
        if (status / 100 == 2) {
            return parse(what, response.body());
        }
        final SchemaRegistryException refusal = refusal(what, status, response.body());
        if (status >= 500) {
            throw new TransientFailure(refusal.getMessage(), null, refusal);
        }
        throw refusal;
    }

    /** A failure worth another attempt: no answer, or a server error. */
    private static final class TransientFailure extends Exception {
        private final transient SchemaRegistryException refusal;

        TransientFailure(final String message, final Throwable cause, final SchemaRegistryException refusal) {
            super(message, cause);
            this.refusal = refusal;
        }
    }

    private SchemaRegistryException refusal(final String what, final int status, final String body) {
        int errorCode = 0;
        String message = body == null || body.isBlank() ? "(no body)" : body.strip();
        try {
            final JsonNode error = JSON.readTree(body);
            if (error != null && error.isObject()) {
                errorCode = error.path("error_code").asInt(0);
                message = error.path("message").asText(message);
            }
        } catch (JsonProcessingException notJson) {
            // The raw body is the best description there is.
        }
        return new SchemaRegistryException("Cannot " + what + ": the schema registry at " + baseUrl + " answered HTTP "
                + status + (errorCode != 0 ? ", error_code " + errorCode : "") + ": " + message, status, errorCode);
    }

    private JsonNode parse(final String what, final String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException("Cannot " + what + ": the schema registry at " + baseUrl
                    + " answered with invalid JSON: " + body, e);
        }
    }

    private URI uri(final String path) {
        return URI.create(baseUrl + path);
    }

    /** A subject as one URL path segment (a space becomes %20, not +). */
    private static String pathSegment(final String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void sleep(final Duration backoff, final String what) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnavailableException("Interrupted while trying to " + what, e);
        }
    }
}
