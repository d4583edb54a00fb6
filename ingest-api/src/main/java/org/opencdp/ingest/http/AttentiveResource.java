package org.opencdp.ingest.http;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;


import io.smallrye.common.annotation.Blocking;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.IdentifyRequest;
import org.opencdp.ingest.access.AuthFailure;
import org.opencdp.ingest.access.Gate;
import org.opencdp.ingest.command.CommandOrigin;
import org.opencdp.ingest.query.ProjectorQueries;
import org.opencdp.ingest.publish.SignUpSources;
import org.opencdp.ingest.user.AttentiveRules;
import org.opencdp.ingest.user.AttentiveUserReader;
import org.opencdp.schemas.values.Limits;
import org.opencdp.schemas.values.Violations;
import org.opencdp.platform.access.Scope;
import org.opencdp.platform.http.RequestIdFilter;
import org.opencdp.schemas.values.PhoneNumbers;

/**
 * The Attentive routes: {@code POST /v1/attributes/custom}, {@code GET /v1/attributes/custom?phone=|email=} and
 * {@code POST /v2/user/attributes}. A write is read whole, checked against the workspace's catalog (enum values;
 * the custom-attribute limit of the v2 route) and sign-up sources, and published as one identity request to
 * identity-commands: the projector resolves the user's identifiers to one profile (docs/identity.md). Any
 * refusal is a 400 and publishes nothing.
 */
@Path("/")
@Tag(name = "Attentive")
@Produces(MediaType.APPLICATION_JSON)
public class AttentiveResource {

    private static final CommandWrites.Route CUSTOM =
            CommandWrites.Route.of(ApiFamily.ATTENTIVE, "POST /v1/attributes/custom", Scope.ATTRIBUTES_WRITE);
    private static final CommandWrites.Route USER =
            CommandWrites.Route.of(ApiFamily.ATTENTIVE, "POST /v2/user/attributes", Scope.ATTRIBUTES_WRITE);

    private final Gate gate;
    private final CommandWrites writes;
    private final ProjectorQueries projector;
    private final SignUpSources sources;
    private final AttentiveUserReader reader = new AttentiveUserReader(Limits.DEFAULTS);
    private final int customAttributeLimit;

    @Inject
    public AttentiveResource(final Gate gate, final CommandWrites writes, final ProjectorQueries projector,
                             final SignUpSources sources,
                             @ConfigProperty(name = "cdp.ingest.attentive.custom-attribute-limit") final int customAttributeLimit) {
        this.gate = gate;
        this.writes = writes;
        this.projector = projector;
        this.sources = sources;
        this.customAttributeLimit = customAttributeLimit;
    }

    /** The answer of {@code POST /v2/user/attributes}, as the seed shows it. */
    public record Accepted(boolean success, String message) {
    }

    /** One custom attribute of {@code GET /v1/attributes/custom}. */
    public record CustomAttribute(String name, Object value) {
    }

    @POST
    @Path("v1/attributes/custom")
    @Blocking
    @Operation(summary = "Create or update a user's custom attributes",
            description = "{\"properties\":{\"age\":\"24\"},\"user\":{\"phone\":\"+13115552368\",\"email\":\"a@b.c\","
                    + "\"externalIdentifiers\":{\"clientUserId\":\"42\",\"customIdentifiers\":[{\"name\",\"value\"}]}}}")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestBodies.CustomAttributes.class)))
    @APIResponse(responseCode = "200", description = "{\"success\":true,\"message\":…}; X-Consistency-Token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", description = "{\"errors\":{\"user.phone\":[…]}}: malformed JSON, no identifier, "
            + "an array or object value, a name over 200 characters, a phone not E.164, a value not of an enum; nothing applied")
    @APIResponse(responseCode = "403", description = "The token lacks attributes:write")
    @Extension(name = SharedResponses.EXTENSION, value = "attentive-write")
    public CompletionStage<Response> customAttributes(@Context final ContainerRequestContext request,
                                                      final InputStream body) {
        return writes.open(CUSTOM, request, body, reader::customAttributes).then(write ->
                checkAndPublish(request, write, "properties", false,
                        Response.ok(new Accepted(true, "Custom attributes accepted"), MediaType.APPLICATION_JSON_TYPE)));
    }

    @POST
    @Path("v2/user/attributes")
    @Blocking
    @Operation(summary = "Create or update one user: attributes, subscriptions, identifiers",
            description = "{\"attributes\":{…},\"subscriptions\":[{\"type\":\"MARKETING\",\"channel\":\"TEXT\","
                    + "\"signUpSourceId\":\"…\"}],\"identifiers\":{\"phone\",\"email\",\"clientUserId\",\"customIdentifiers\"}}")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestBodies.UserAttributes.class)))
    @APIResponse(responseCode = "202", description = "{\"success\":true,\"message\":…}; X-Consistency-Token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", description = "{\"errors\":{…}}: as POST /v1/attributes/custom, and a subscription "
            + "without its phone or email or without exactly one sign-up source, a new attribute past the workspace's "
            + "limit of custom attributes; nothing applied")
    @APIResponse(responseCode = "403", description = "The token lacks attributes:write (or subscriptions:write with subscriptions)")
    @Extension(name = SharedResponses.EXTENSION, value = "attentive-write")
    public CompletionStage<Response> userAttributes(@Context final ContainerRequestContext request,
                                                    final InputStream body) {
        return writes.open(USER, request, body, reader::userAttributes).then(write -> {
            if (!write.body().subscriptions().isEmpty()) {
                gate.require(write.caller(), Set.of(Scope.SUBSCRIPTIONS_WRITE), AuthFailure.BEARER);
            }
            return checkAndPublish(request, write, "attributes", true,
                    Response.accepted(new Accepted(true, "User accepted")).type(MediaType.APPLICATION_JSON_TYPE));
        });
    }

    @GET
    @Path("v1/attributes/custom")
    @Operation(summary = "A user's custom attributes, by phone or by email (exactly one)",
            description = "[{\"name\":\"Favorite color\",\"value\":\"red\"}, …] sorted by name; + in a phone as %2B")
    @APIResponse(responseCode = "200", description = "The custom attributes", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = CustomAttribute.class)))
    @APIResponse(responseCode = "400", description = "Neither or both of phone and email; a phone not E.164; a malformed consistency token")
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "503", description = "The profile service did not answer in time, or has not made the token's write visible within its wait")
    public CompletionStage<Response> customAttributesOf(@QueryParam("phone") final String phone,
                                                        @QueryParam("email") final String email,
                                                        @Parameter(description = "Any write's X-Consistency-Token (also accepted as that request header): "
                                                                + "answer once that write is visible, e.g. the POST that set these attributes")
                                                        @QueryParam("after") final String after,
                                                        @Context final ContainerRequestContext request) {
        gate.admit(request, Set.of(Scope.ATTRIBUTES_WRITE), AuthFailure.BEARER);
        final String requestId = RequestIdFilter.requestId(request);
        if ((phone == null) == (email == null)) {
            return done(json(400, FieldErrors.of("query", "Give exactly one of phone and email")));
        }
        if (phone != null && !PhoneNumbers.isE164(phone)) {
            return done(json(400, FieldErrors.of("phone", "A phone must be in E.164 form (+ encoded as %2B)")));
        }
        // The token, from ?after= or the X-Consistency-Token header (passed on as it is), is the projector's to read.
        final String query = (phone != null ? "phone=" + encode(phone) : "email=" + encode(email))
                + (after == null ? "" : "&after=" + encode(after));
        return projector.fetch("/customers?" + query, request)
                .thenApply(answer -> switch (answer.status()) {
                    case 200 -> Response.ok(customAttributes(answer.body()), MediaType.APPLICATION_JSON_TYPE).build();
                    case 404 -> json(404, FieldErrors.of(phone != null ? "phone" : "email", "No user has it"));
                    default -> Response.status(answer.status()).type(MediaType.APPLICATION_JSON_TYPE)
                            .entity(answer.body()).build();
                })
                .exceptionally(failure -> projector.unavailable(requestId, failure));
    }

    /** Checks what needs the workspace's state, then publishes the identity request. */
    private CompletionStage<Response> checkAndPublish(final ContainerRequestContext request,
                                                      final CommandWrites.Opened<AttentiveUserReader.UserWrite> write,
                                                      final String attributesField, final boolean limited,
                                                      final Response.ResponseBuilder success) {
        final AttentiveUserReader.UserWrite user = write.body();
        final String workspaceId = write.caller().workspaceId();
        final CompletionStage<Optional<List<ProjectorQueries.CatalogProperty>>> catalog = user.attributes().isEmpty()
                ? CompletableFuture.completedFuture(Optional.of(List.of()))
                : projector.catalog(request);
        return catalog.thenCompose(properties -> {
            if (properties.isEmpty()) {
                return done(projector.unavailable(write.write().requestId(),
                        new IllegalStateException("the catalog could not be read")));
            }
            final Map<String, AttentiveRules.Property> rules = new HashMap<>();
            properties.get().forEach(p -> rules.put(p.name(), new AttentiveRules.Property(p.type(), p.enumValues())));
            final Violations violations = new Violations();
            final org.opencdp.schemas.values.Path at = org.opencdp.schemas.values.Path.root().field(attributesField);
            AttentiveRules.enums(rules, user.attributes(), at, violations);
            if (limited) {
                AttentiveRules.customAttributeLimit(rules, user.attributes(), customAttributeLimit, at, violations);
            }
            final List<String> sourceIds = new ArrayList<>();
            user.subscriptions().forEach(subscription -> AttentiveRules.signUpSource(subscription,
                    sources.of(workspaceId), violations).ifPresent(sourceIds::add));
            if (!violations.isEmpty()) {
                return write.refuse(violations.list());
            }
            final CommandOrigin origin = write.origin();
            final List<CustomerCommand> commands = new ArrayList<>();
            if (!user.attributes().isEmpty()) {
                commands.add(origin.upsertAttributes(commands.size(), "", new HashMap<>(user.attributes())));
            }
            for (int i = 0; i < user.subscriptions().size(); i++) {
                final AttentiveUserReader.SubscriptionRequest subscription = user.subscriptions().get(i);
                commands.add(origin.subscribe(commands.size(), "", subscription.channel(), subscription.type(),
                        sourceIds.get(i), subscription.locale()));
            }
            return writes.identify(write, origin, new IdentifyRequest(user.identifiers(), commands), () -> success);
        });
    }

    /** The profile's attributes as Attentive lists custom attributes: name and value, by name. */
    static List<CustomAttribute> customAttributes(final byte[] profile) {
        return ProjectorQueries.attributeValues(profile).entrySet().stream()
                .map(e -> new CustomAttribute(e.getKey(), e.getValue())).toList();
    }

    private static Response json(final int status, final Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    private static String encode(final String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static CompletionStage<Response> done(final Response response) {
        return CompletableFuture.completedFuture(response);
    }
}
