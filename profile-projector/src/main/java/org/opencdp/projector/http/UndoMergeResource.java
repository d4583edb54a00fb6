package org.opencdp.projector.http;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.Profile;
import org.opencdp.avro.UndoMerge;
import org.opencdp.platform.access.Caller;
import org.opencdp.platform.http.ErrorBody;
import org.opencdp.platform.access.Scope;
import org.opencdp.schemas.ConsistencyToken;
import org.opencdp.platform.query.Answer;

/**
 * {@code POST /customers/{customer_id}/merges/{merge_id}/undo} (workspace admin): undoes a merge the customer
 * survived. Checked against the profile first (it must be the survivor's latest merge not undone, still
 * undoable), then sent as an {@code UndoMerge} command; the projector re-folds both profiles without the merge.
 */
@Path("/customers/{customer_id}/merges/{merge_id}/undo")
@Produces(MediaType.APPLICATION_JSON)
public class UndoMergeResource {

    /** The 202 answer: the merge being undone and the write's position. */
    public record Undoing(@JsonProperty("customer_id") String customerId, @JsonProperty("merge_id") String mergeId,
                          @JsonProperty("consistency_token") String consistencyToken) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final QueryAccess access;
    private final MergeCommands commands;

    UndoMergeResource(final QueryAccess access, final MergeCommands commands) {
        this.access = access;
        this.commands = commands;
    }

    @POST
    @Operation(summary = "Undo a merge: both profiles are re-folded from their own commands, identifiers go back")
    @APIResponse(responseCode = "202", description = "The undo command is in the log; X-Consistency-Token names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UndoMergeResource.Undoing.class)))
    @APIResponse(responseCode = "403", description = "Not a workspace admin credential")
    @APIResponse(responseCode = "404", description = "No such customer, or it has no such merge")
    @APIResponse(responseCode = "409", description = "The merge is undone already, a later merge must be undone first, "
            + "the customer was itself merged away, or too many commands followed the merge to undo it")
    @APIResponse(responseCode = "503", description = "The projector or Kafka is not available; retry after Retry-After seconds")
    public Uni<Response> undo(@PathParam("customer_id") final String customerId,
                              @PathParam("merge_id") final String mergeId,
                              @Context final ContainerRequestContext request) {
        return access.answer(request, Set.of(Scope.PROFILES_READ), (caller, requestId) -> caller.admin()
                ? undo(caller, customerId, mergeId, request, requestId)
                : Answers.now(Response.status(Response.Status.FORBIDDEN).entity(ErrorBody.of("forbidden"))));
    }

    private Uni<Response> undo(final Caller caller, final String customerId, final String mergeId,
                               final ContainerRequestContext request, final String requestId) {
        return access.queries().profile(new CustomerKey(caller.workspaceId(), customerId), ConsistencyToken.NONE,
                        access.incoming(request, requestId))
                .chain(answer -> {
                    final Optional<String> refusal = switch (answer) {
                        case Answer.Local<Optional<Profile>> local -> local.value()
                                .map(profile -> refusal(ProfileView.of(profile), profile.getMergedInto(), mergeId))
                                .orElse(Optional.of("404 no such customer"));
                        case Answer.Relayed<Optional<Profile>> relayed when relayed.status() == 200 ->
                                refusal(relayed.body(), mergeId);
                        case Answer.Relayed<Optional<Profile>> relayed when relayed.status() == 307 ->
                                Optional.of("409 customer " + customerId + " was merged into another profile");
                        default -> Optional.of("pass");
                    };
                    if (refusal.isEmpty()) {
                        return Uni.createFrom().completionStage(() -> send(caller, customerId, mergeId, requestId))
                                .emitOn(Infrastructure.getDefaultWorkerPool());
                    }
                    if (refusal.get().equals("pass")) {
                        return Uni.createFrom().item(access.respond(answer, requestId, ignored -> Response.serverError()));
                    }
                    final int status = Integer.parseInt(refusal.get().substring(0, 3));
                    return Answers.now(Response.status(status).entity(new ErrorBody(refusal.get().substring(4), requestId)));
                });
    }

    private CompletionStage<Response> send(final Caller caller, final String customerId, final String mergeId,
                                           final String requestId) {
        final CustomerCommand command = new CustomerCommand(requestId + ":0", caller.workspaceId(), customerId,
                requestId, Instant.now(), "POST /customers/{customer_id}/merges/{merge_id}/undo", ApiFamily.UPSTREAM,
                new UndoMerge(mergeId), null, false, null);
        return commands.send(command)
                .thenApply(position -> Response.accepted(new Undoing(customerId, mergeId, position))
                        .header("X-Consistency-Token", position).build())
                .exceptionally(failure -> Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                        .entity(new ErrorBody("Kafka did not take the undo in time: " + failure.getMessage(), requestId))
                        .build());
    }

    /** Why {@code mergeId} cannot be undone on this profile, as "<status> <message>"; empty when it can. */
    private static Optional<String> refusal(final ProfileView profile, final String mergedInto, final String mergeId) {
        if (mergedInto != null) {
            return Optional.of("409 customer " + profile.customerId() + " was merged into " + mergedInto);
        }
        final var merges = profile.merges();
        final var merge = merges.stream().filter(m -> m.mergeId().equals(mergeId)).findFirst();
        if (merge.isEmpty()) {
            return Optional.of("404 customer " + profile.customerId() + " has no merge " + mergeId);
        }
        if (merge.get().undone()) {
            return Optional.of("409 merge " + mergeId + " is undone already");
        }
        final var latest = merges.stream().filter(m -> !m.undone()).reduce((first, second) -> second).orElseThrow();
        if (!latest.mergeId().equals(mergeId)) {
            return Optional.of("409 undo the later merge " + latest.mergeId() + " first");
        }
        if (!merge.get().undoable()) {
            return Optional.of("409 too many commands followed merge " + mergeId + " to undo it");
        }
        return Optional.empty();
    }

    private static Optional<String> refusal(final String profileJson, final String mergeId) {
        try {
            final JsonNode profile = JSON.readTree(profileJson);
            final var view = JSON.convertValue(profile, ProfileView.class);
            return refusal(view, null, mergeId);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of("503 the instance holding the customer answered what this one cannot read");
        }
    }
}
