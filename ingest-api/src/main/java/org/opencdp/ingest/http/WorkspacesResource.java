package org.opencdp.ingest.http;

import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.smallrye.common.annotation.Blocking;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencdp.ingest.access.Operator;
import org.opencdp.avro.SignUpSourceKey;
import org.opencdp.ingest.publish.AccessPublisher;
import org.opencdp.ingest.publish.SignUpSources;
import org.opencdp.ingest.workspace.AccessRequests;
import org.opencdp.platform.access.Credential;
import org.opencdp.platform.access.HistoryLimits;
import org.opencdp.platform.access.RateLimit;
import org.opencdp.platform.access.SaltedHash;
import org.opencdp.platform.access.Scope;
import org.opencdp.platform.access.Tokens;
import org.opencdp.platform.access.Workspace;
import org.opencdp.platform.http.RequestIdFilter;

/**
 * The operator's routes (contract section 10): create, list, change and delete workspaces, with
 * {@code Authorization: Bearer <cdp.operator.token>}. Workspaces and their first credentials are written to the
 * compacted workspaces and credentials topics; each answer comes once Kafka acknowledged the write and this instance
 * sees it. Ids are checked against what this instance follows.
 */
@Path("/admin/workspaces")
@Tag(name = "Operator")
@Produces(MediaType.APPLICATION_JSON)
public class WorkspacesResource {

    /** A workspace as the operator sees it: never a secret. */
    public record WorkspaceView(String id, @JsonProperty("time_zone") String timeZone,
                                @JsonProperty("rate_limit") RateLimitView rateLimit,
                                @JsonProperty("created_at") String createdAt, HistoryLimitsView history) {
        static WorkspaceView of(final Workspace workspace) {
            return new WorkspaceView(workspace.id(), workspace.timeZone().orElse(null),
                    workspace.rateLimit().map(RateLimitView::of).orElse(null), workspace.createdAt().toString(),
                    workspace.history().map(HistoryLimitsView::of).orElse(null));
        }
    }

    /** A workspace's own history bounds; a null field: the deployment's. */
    public record HistoryLimitsView(@JsonProperty("retention_days") Integer retentionDays,
                                    @JsonProperty("max_entries") Integer maxEntries) {
        static HistoryLimitsView of(final HistoryLimits limits) {
            return new HistoryLimitsView(limits.retentionDays().orElse(null), limits.maxEntries().orElse(null));
        }
    }

    public record RateLimitView(@JsonProperty("per_second") double perSecond, double burst) {
        static RateLimitView of(final RateLimit limit) {
            return new RateLimitView(limit.perSecond(), limit.burst());
        }
    }

    /** A new workspace's credentials, shown only in this answer. */
    public record CreatedWorkspace(String id, String key, String secret, String token,
                                   @JsonProperty("admin_token") String adminToken) {
    }

    private final Operator operator;
    private final AccessPublisher publisher;
    private final SignUpSources signUpSources;
    private final Tokens tokens = new Tokens(new SecureRandom());

    @Inject
    public WorkspacesResource(final Operator operator, final AccessPublisher publisher,
                              final SignUpSources signUpSources) {
        this.operator = operator;
        this.publisher = publisher;
        this.signUpSources = signUpSources;
    }

    @GET
    @Operation(summary = "Every workspace: id, settings, creation time (never a secret)")
    @APIResponse(responseCode = "200", description = "The workspaces, by id")
    @APIResponse(responseCode = "401", description = "Not the operator token")
    public List<WorkspaceView> list(@Context final HttpHeaders headers) {
        operator.admit(headers);
        return publisher.followed().workspaces().stream().filter(w -> !w.deleted())
                .sorted(Comparator.comparing(Workspace::id)).map(WorkspaceView::of).toList();
    }

    @POST
    @Blocking
    @Operation(summary = "Create a workspace: {\"id\",\"time_zone\"?,\"rate_limit\"?:{\"per_second\",\"burst\"},"
            + "\"history\"?:{\"retention_days\"?,\"max_entries\"?}}; "
            + "answers its key, secret, token (every scope) and admin token, shown only here")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestBodies.NewWorkspace.class)))
    @APIResponse(responseCode = "201", description = "Created: {\"id\",\"key\",\"secret\",\"token\",\"admin_token\"}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreatedWorkspace.class)))
    @APIResponse(responseCode = "400", description = "An id not of 1 to 64 [a-z0-9-], or another field invalid")
    @APIResponse(responseCode = "401", description = "Not the operator token")
    @APIResponse(responseCode = "409", description = "A workspace with this id exists, or existed")
    @APIResponse(responseCode = "503", description = "Kafka did not take the write in time; see Retry-After")
    public CompletionStage<Response> create(@Context final HttpHeaders headers,
                                            @Context final ContainerRequestContext request, final InputStream body) {
        operator.admit(headers);
        final String requestId = RequestIdFilter.requestId(request);
        final AccessRequests.NewWorkspace wanted = AccessRoutes.read(body, AccessRequests::newWorkspace, requestId);
        if (publisher.followed().workspace(wanted.id()).isPresent()) {
            return CompletableFuture.completedFuture(AccessRoutes.error(Response.Status.CONFLICT,
                    "workspace " + wanted.id() + " exists or existed; ids are not reused", requestId));
        }
        final Instant now = Instant.now();
        final SecureRandom random = tokens.random();
        final Workspace workspace = new Workspace(wanted.id(), wanted.timeZone(), wanted.rateLimit(), now, false,
                Optional.of(tokens.newId()), wanted.history());
        final String key = tokens.newId();
        final String secret = tokens.newSecret();
        final String tokenId = tokens.newId();
        final String token = tokens.newToken(tokenId);
        final String adminId = tokens.newId();
        final String adminToken = tokens.newToken(adminId);
        final List<Credential> credentials = List.of(
                new Credential(key, workspace.id(), "first key", Credential.Kind.KEY, Scope.all(),
                        SaltedHash.hash(secret, random), now, false),
                new Credential(tokenId, workspace.id(), "first token", Credential.Kind.TOKEN, Scope.all(),
                        SaltedHash.hash(token, random), now, false),
                new Credential(adminId, workspace.id(), "admin", Credential.Kind.ADMIN, Scope.all(),
                        SaltedHash.hash(adminToken, random), now, false));
        final List<CompletableFuture<Void>> writes = new ArrayList<>();
        writes.add(publisher.write(workspace));
        credentials.forEach(c -> writes.add(publisher.write(c)));
        return AccessRoutes.confirmed(publisher, writes,
                        d -> d.workspace(workspace.id()).isPresent()
                                && credentials.stream().allMatch(c -> d.credential(c.id()).isPresent()))
                .thenCompose(seen -> {
                    if (!seen) {
                        return CompletableFuture.completedFuture(AccessRoutes.notConfirmed(requestId));
                    }
                    final Optional<Workspace> held = publisher.followed().workspace(workspace.id());
                    if (held.flatMap(Workspace::creationId).equals(workspace.creationId())) {
                        return CompletableFuture.completedFuture(Response.status(Response.Status.CREATED)
                                .type(MediaType.APPLICATION_JSON_TYPE)
                                .entity(new CreatedWorkspace(workspace.id(), key, secret, token, adminToken)).build());
                    }
                    return lostTheRace(workspace, credentials, requestId);
                })
                .exceptionally(failure -> AccessRoutes.notConfirmed(requestId));
    }

    /**
     * Another request created the same id first (every follower keeps the first creation: {@link Workspace#kept}):
     * this request's credentials are revoked (no one ever saw their secrets); then 409. Its workspace record stays
     * in the log, ignored (docs/workspaces.md, "Creating the same id twice at once").
     */
    private CompletionStage<Response> lostTheRace(final Workspace mine, final List<Credential> credentials,
                                                  final String requestId) {
        final List<CompletableFuture<Void>> undo = new ArrayList<>();
        credentials.forEach(c -> undo.add(publisher.write(c.revoked(true))));
        return CompletableFuture.allOf(undo.toArray(CompletableFuture[]::new))
                .handle((done, failure) -> AccessRoutes.error(Response.Status.CONFLICT,
                        "workspace " + mine.id() + " exists or existed; ids are not reused", requestId));
    }

    @PATCH
    @Path("/{id}")
    @Blocking
    @Operation(summary = "Change a workspace's time zone, rate limit or history bounds ({\"time_zone\"?,\"rate_limit\"?,"
            + "\"history\"?:{\"retention_days\"?,\"max_entries\"?}}; null: the default)")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestBodies.WorkspaceChange.class)))
    @APIResponse(responseCode = "200", description = "The workspace as changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WorkspaceView.class)))
    @APIResponse(responseCode = "400", description = "A field invalid")
    @APIResponse(responseCode = "401", description = "Not the operator token")
    @APIResponse(responseCode = "404", description = "No such workspace")
    @APIResponse(responseCode = "503", description = "Kafka did not take the write in time; see Retry-After")
    public CompletionStage<Response> change(@Context final HttpHeaders headers,
                                            @Context final ContainerRequestContext request,
                                            @PathParam("id") final String id, final InputStream body) {
        operator.admit(headers);
        final String requestId = RequestIdFilter.requestId(request);
        final Optional<Workspace> existing = active(id);
        if (existing.isEmpty()) {
            return CompletableFuture.completedFuture(notFound(id, requestId));
        }
        final Workspace changed = AccessRoutes.read(body, AccessRequests::workspaceChange, requestId)
                .applyTo(existing.get());
        return AccessRoutes.written(publisher, List.of(publisher.write(changed)),
                d -> d.workspace(id).filter(changed::equals).isPresent(),
                Response.ok(WorkspaceView.of(changed)), requestId);
    }

    @DELETE
    @Path("/{id}")
    @Blocking
    @Operation(summary = "Delete a workspace: every one of its credentials stops working at once; its data is erased "
            + "(profiles, identifiers, catalog, sign-up sources, workflows and runs: docs/workspaces.md)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "401", description = "Not the operator token")
    @APIResponse(responseCode = "404", description = "No such workspace")
    @APIResponse(responseCode = "503", description = "Kafka did not take the write in time; see Retry-After")
    public CompletionStage<Response> delete(@Context final HttpHeaders headers,
                                            @Context final ContainerRequestContext request,
                                            @PathParam("id") final String id) {
        operator.admit(headers);
        final String requestId = RequestIdFilter.requestId(request);
        final Optional<Workspace> existing = active(id);
        if (existing.isEmpty()) {
            return CompletableFuture.completedFuture(notFound(id, requestId));
        }
        // The workspace's mark stops every credential at once; revoking each keeps them revoked should it be recreated.
        final List<CompletableFuture<Void>> writes = new ArrayList<>();
        writes.add(publisher.write(existing.get().deleted(true)));
        publisher.followed().credentialsOf(id).stream().filter(c -> !c.revoked())
                .forEach(c -> writes.add(publisher.write(c.revoked(true))));
        // The services erase the rest of its data when they read the mark (docs/workspaces.md, "Deleting a workspace").
        signUpSources.of(id).forEach(source ->
                writes.add(publisher.withdraw(new SignUpSourceKey(id, source.getSourceId()))));
        return AccessRoutes.written(publisher, writes, d -> d.workspace(id).filter(Workspace::deleted).isPresent(),
                Response.noContent(), requestId);
    }

    private Optional<Workspace> active(final String id) {
        return id.matches(Workspace.ID_PATTERN)
                ? publisher.followed().workspace(id).filter(w -> !w.deleted()) : Optional.empty();
    }

    private static Response notFound(final String id, final String requestId) {
        return AccessRoutes.error(Response.Status.NOT_FOUND, "no workspace "
                + (id.matches(Workspace.ID_PATTERN) ? id : "with that id"), requestId);
    }
}
