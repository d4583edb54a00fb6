package org.opencdp.ingest.http;

import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.smallrye.common.annotation.Blocking;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencdp.ingest.access.AuthFailure;
import org.opencdp.ingest.access.Gate;
import org.opencdp.ingest.publish.AccessPublisher;
import org.opencdp.ingest.workspace.AccessRequests;
import org.opencdp.platform.access.AccessControl;
import org.opencdp.platform.access.Caller;
import org.opencdp.platform.access.Credential;
import org.opencdp.platform.access.SaltedHash;
import org.opencdp.platform.access.Scope;
import org.opencdp.platform.access.Tokens;
import org.opencdp.platform.http.RequestIdFilter;

/**
 * A workspace's credentials, managed with its admin token (contract section 10): create a key/secret pair or a
 * bearer token with chosen scopes (its secret shown only in that answer), list them (never a secret), revoke one
 * (refused by every instance of every service within seconds: docs/workspaces.md). Another workspace's credential
 * id is a 404, as an unknown one.
 */
@Path("/credentials")
@Tag(name = "Administration")
@Produces(MediaType.APPLICATION_JSON)
public class CredentialsResource {

    /** The most credentials a workspace holds at once (revoked ones not counted): bounds what every instance holds. */
    static final int MAX_PER_WORKSPACE = 1000;

    /** A credential as listed: never its secret. Last use as seen by the instance that answers (docs/workspaces.md). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CredentialView(String id, String name, String kind, List<String> scopes,
                                 @JsonProperty("created_at") String createdAt,
                                 @JsonProperty("last_used_at") String lastUsedAt,
                                 String key, String secret, String token) {
        static CredentialView of(final Credential credential, final Optional<Instant> lastUse) {
            return new CredentialView(credential.id(), credential.name(), credential.kind().label(),
                    labels(credential), credential.createdAt().toString(), lastUse.map(Instant::toString).orElse(null),
                    null, null, null);
        }

        private static List<String> labels(final Credential credential) {
            return credential.scopes().stream().map(Scope::label).sorted().toList();
        }
    }

    private final Gate gate;
    private final AccessControl access;
    private final AccessPublisher publisher;
    private final Tokens tokens = new Tokens(new SecureRandom());

    @Inject
    public CredentialsResource(final Gate gate, final AccessControl access, final AccessPublisher publisher) {
        this.gate = gate;
        this.access = access;
        this.publisher = publisher;
    }

    @GET
    @Operation(summary = "The workspace's credentials: names, kinds, scopes, creation and last use (never a secret)")
    @APIResponse(responseCode = "200", description = "The credentials, oldest first")
    @APIResponse(responseCode = "401", description = "No valid credentials")
    @APIResponse(responseCode = "403", description = "Not a workspace admin credential")
    public List<CredentialView> list(@Context final HttpHeaders headers) {
        final Caller admin = gate.admitAdmin(headers, AuthFailure.BEARER);
        return active(admin.workspaceId()).stream()
                .map(c -> CredentialView.of(c, access.lastUse(c.id()))).toList();
    }

    @POST
    @Blocking
    @Operation(summary = "Create a credential: {\"name\",\"kind\":\"key\"|\"token\",\"scopes\":[…]}; its key and "
            + "secret, or token, are shown only in this answer")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestBodies.NewCredential.class)))
    @APIResponse(responseCode = "201", description = "Created: {\"id\",\"name\",\"kind\",\"scopes\"} with key and secret, or token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CredentialView.class)))
    @APIResponse(responseCode = "400", description = "A field invalid, or an unknown scope")
    @APIResponse(responseCode = "401", description = "No valid credentials")
    @APIResponse(responseCode = "403", description = "Not a workspace admin credential")
    @APIResponse(responseCode = "409", description = "The workspace holds the most credentials it may")
    @APIResponse(responseCode = "503", description = "Kafka did not take the write in time; see Retry-After")
    public CompletionStage<Response> create(@Context final HttpHeaders headers,
                                            @Context final ContainerRequestContext request, final InputStream body) {
        final Caller admin = gate.admitAdmin(headers, AuthFailure.BEARER);
        final String requestId = RequestIdFilter.requestId(request);
        final AccessRequests.NewCredential wanted = AccessRoutes.read(body, AccessRequests::newCredential, requestId);
        if (active(admin.workspaceId()).size() >= MAX_PER_WORKSPACE) {
            return CompletableFuture.completedFuture(AccessRoutes.error(Response.Status.CONFLICT, "the workspace has "
                    + MAX_PER_WORKSPACE + " credentials, the most it may have; delete one first", requestId));
        }
        final String id = tokens.newId();
        final boolean key = wanted.kind() == Credential.Kind.KEY;
        final String secret = key ? tokens.newSecret() : tokens.newToken(id);
        final Credential credential = new Credential(id, admin.workspaceId(), wanted.name(), wanted.kind(),
                wanted.scopes(), SaltedHash.hash(secret, tokens.random()), Instant.now(), false);
        final CredentialView view = CredentialView.of(credential, Optional.empty());
        final CredentialView shown = new CredentialView(view.id(), view.name(), view.kind(), view.scopes(),
                view.createdAt(), null, key ? id : null, key ? secret : null, key ? null : secret);
        return AccessRoutes.written(publisher, List.of(publisher.write(credential)),
                d -> d.credential(id).isPresent(), Response.status(Response.Status.CREATED).entity(shown), requestId);
    }

    @DELETE
    @Path("/{id}")
    @Blocking
    @Operation(summary = "Revoke a credential: every instance of every service refuses it within seconds")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "401", description = "No valid credentials")
    @APIResponse(responseCode = "403", description = "Not a workspace admin credential")
    @APIResponse(responseCode = "404", description = "No such credential in this workspace")
    @APIResponse(responseCode = "503", description = "Kafka did not take the write in time; see Retry-After")
    public CompletionStage<Response> delete(@Context final HttpHeaders headers,
                                            @Context final ContainerRequestContext request,
                                            @PathParam("id") final String id) {
        final Caller admin = gate.admitAdmin(headers, AuthFailure.BEARER);
        final String requestId = RequestIdFilter.requestId(request);
        final Optional<Credential> existing = access.directory().credential(id)
                .filter(c -> c.workspaceId().equals(admin.workspaceId()) && !c.revoked());
        if (existing.isEmpty()) {
            return CompletableFuture.completedFuture(AccessRoutes.error(Response.Status.NOT_FOUND,
                    "no such credential", requestId));
        }
        return AccessRoutes.written(publisher, List.of(publisher.write(existing.get().revoked(true))),
                d -> d.credential(id).filter(Credential::revoked).isPresent(), Response.noContent(), requestId);
    }

    private List<Credential> active(final String workspaceId) {
        return access.directory().credentialsOf(workspaceId).stream().filter(c -> !c.revoked())
                .sorted(Comparator.comparing(Credential::createdAt).thenComparing(Credential::id)).toList();
    }
}
