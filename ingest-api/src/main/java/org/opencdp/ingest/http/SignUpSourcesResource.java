package org.opencdp.ingest.http;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.common.annotation.Blocking;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencdp.avro.SignUpSource;
import org.opencdp.avro.SignUpSourceKey;
import org.opencdp.ingest.access.AuthFailure;
import org.opencdp.ingest.access.Gate;
import org.opencdp.platform.http.ErrorBody;
import org.opencdp.platform.kafka.KafkaClients;
import org.opencdp.ingest.json.JsonBody;
import org.opencdp.ingest.publish.SignUpSources;
import org.opencdp.schemas.values.Path;
import org.opencdp.schemas.values.Violations;
import org.opencdp.platform.access.Caller;
import org.opencdp.platform.access.Scope;
import org.opencdp.platform.http.RequestIdFilter;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.values.ControlCharacters;

/**
 * A workspace's sign-up sources (the Attentive "sign-up units"), managed by a workspace admin credential:
 * {@code POST /sign-up-sources}, {@code GET /sign-up-sources}, {@code DELETE /sign-up-sources/{id}}. Stored on
 * the compacted sign-up-sources topic; a write answers once this instance sees it (read-your-writes).
 */
@jakarta.ws.rs.Path("/sign-up-sources")
@Tag(name = "Administration")
@Produces(MediaType.APPLICATION_JSON)
public class SignUpSourcesResource {

    static final Set<String> TYPES = Set.of("MARKETING", "TRANSACTIONAL");
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(5);
    private static final int MAX_TEXT = 200;

    private final Gate gate;
    private final SignUpSources sources;
    private final Producer<SignUpSourceKey, SignUpSource> producer;

    @Inject
    public SignUpSourcesResource(final Gate gate, final SignUpSources sources,
                                 final Producer<SignUpSourceKey, SignUpSource> producer) {
        this.gate = gate;
        this.sources = sources;
        this.producer = producer;
    }

    @GET
    @Operation(summary = "The workspace's sign-up sources")
    public List<SignUpSourceView> list(@Context final HttpHeaders headers) {
        return sources.of(admin(headers).workspaceId()).stream().map(SignUpSourceView::of).toList();
    }

    @POST
    @Blocking
    @Operation(summary = "Create a sign-up source: {\"name\",\"type\":\"MARKETING\"|\"TRANSACTIONAL\",\"locale\":\"en-US\",\"method\":\"API\"?,\"id\"?}")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestBodies.SignUpSource.class)))
    @APIResponse(responseCode = "201", description = "The source, with its id",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SignUpSourceView.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, or a field missing or invalid ({\"errors\":{…}})")
    @APIResponse(responseCode = "403", description = "Not a workspace admin credential")
    @APIResponse(responseCode = "503", description = "Kafka did not take the write in time; see Retry-After")
    public CompletionStage<Response> create(@Context final HttpHeaders headers,
                                            @Context final ContainerRequestContext request, final InputStream body) {
        final Caller caller = admin(headers);
        final String requestId = RequestIdFilter.requestId(request);
        final JsonBody.Parsed parsed;
        try {
            parsed = JsonBody.parse(body.readAllBytes());
        } catch (java.io.IOException e) {
            return CompletableFuture.completedFuture(ErrorFormat.ATTENTIVE.invalidHeader("body", "unreadable", e.getMessage()));
        }
        if (parsed.isMalformed()) {
            return CompletableFuture.completedFuture(ErrorFormat.ATTENTIVE.malformed(parsed.malformed()));
        }
        final JsonNode json = parsed.json();
        final Violations violations = new Violations();
        final String id = json.hasNonNull("id") ? text(json, "id", violations) : "ssrc-" + UUID.randomUUID();
        final String name = text(json, "name", violations);
        final String type = text(json, "type", violations);
        final String locale = text(json, "locale", violations);
        final String method = json.hasNonNull("method") ? text(json, "method", violations) : "API";
        if (type != null && !TYPES.contains(type)) {
            violations.add(Path.root().field("type"), "enum", "type must be MARKETING or TRANSACTIONAL");
        }
        if (!violations.isEmpty()) {
            return CompletableFuture.completedFuture(ErrorFormat.ATTENTIVE.invalid(violations.list()));
        }
        final SignUpSource source = new SignUpSource(caller.workspaceId(), id, name, type, locale, method,
                Instant.ofEpochMilli(System.currentTimeMillis()));
        return write(new SignUpSourceKey(caller.workspaceId(), id), source, requestId,
                seen -> seen.stream().anyMatch(s -> s.equals(source)),
                Response.status(Response.Status.CREATED).entity(SignUpSourceView.of(source)));
    }

    @DELETE
    @jakarta.ws.rs.Path("/{id}")
    @Blocking
    @Operation(summary = "Delete a sign-up source (existing subscriptions keep its id)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such source")
    public CompletionStage<Response> delete(@Context final HttpHeaders headers,
                                            @Context final ContainerRequestContext request,
                                            @PathParam("id") final String id) {
        final Caller caller = admin(headers);
        final String requestId = RequestIdFilter.requestId(request);
        if (sources.find(caller.workspaceId(), id).isEmpty()) {
            return CompletableFuture.completedFuture(Response.status(Response.Status.NOT_FOUND)
                    .entity(new ErrorBody("no sign-up source " + id, requestId)).build());
        }
        return write(new SignUpSourceKey(caller.workspaceId(), id), null, requestId,
                seen -> seen.stream().noneMatch(s -> s.getSourceId().equals(id)), Response.noContent());
    }

    private CompletionStage<Response> write(final SignUpSourceKey key, final SignUpSource value, final String requestId,
                                            final java.util.function.Predicate<List<SignUpSource>> visible,
                                            final Response.ResponseBuilder success) {
        return KafkaClients.acknowledged(producer, new ProducerRecord<>(Topics.SIGN_UP_SOURCES.name(), key, value))
                .thenCompose(ignored -> sources.visible(key.getWorkspaceId(), visible, VISIBLE_WITHIN))
                .handle((seen, failure) -> failure == null && seen
                        ? success.build()
                        : Response.status(Response.Status.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, 1)
                                .entity(new ErrorBody("the write was not confirmed in time; retry", requestId)).build());
    }

    private Caller admin(final HttpHeaders headers) {
        final Caller caller = gate.admit(headers, Scope.CATALOG_WRITE, AuthFailure.BEARER);
        if (!caller.admin()) {
            throw new WebApplicationException(Response.status(Response.Status.FORBIDDEN)
                    .type(MediaType.APPLICATION_JSON_TYPE).entity(ErrorBody.of("forbidden")).build());
        }
        return caller;
    }

    private static String text(final JsonNode json, final String field, final Violations violations) {
        final JsonNode node = json.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank() || node.asText().length() > MAX_TEXT) {
            violations.add(Path.root().field(field), "string", field + " must be a non-blank string of at most "
                    + MAX_TEXT + " characters");
            return null;
        }
        if (ControlCharacters.in(node.asText())) {
            violations.add(Path.root().field(field), "string", ControlCharacters.message("A sign-up source's " + field));
            return null;
        }
        return node.asText();
    }
}
