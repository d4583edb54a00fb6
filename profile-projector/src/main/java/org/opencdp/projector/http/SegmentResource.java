package org.opencdp.projector.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.PropertyDefinitionEntry;
import org.opencdp.avro.StoredSegment;
import org.opencdp.platform.access.Caller;
import org.opencdp.platform.access.Scope;
import org.opencdp.platform.http.ErrorBody;
import org.opencdp.platform.query.Answer;
import org.opencdp.platform.query.IncomingQuery;
import org.opencdp.projector.attribute.PropertyDefinition;
import org.opencdp.projector.catalog.Catalog;
import org.opencdp.projector.query.ListingCursor;
import org.opencdp.projector.query.ListingStore;
import org.opencdp.projector.query.SegmentDefinitions;
import org.opencdp.projector.query.SegmentMembers;
import org.opencdp.projector.query.SegmentPreviews;
import org.opencdp.projector.query.SegmentStates;
import org.opencdp.projector.segment.SegmentDefinition;
import org.opencdp.projector.segment.SegmentEvaluator;
import org.opencdp.projector.segment.SegmentParser;
import org.opencdp.schemas.ReadAfter;
import org.opencdp.schemas.values.AttributeType;

/**
 * The definitions of contract section 11: {@code POST/GET /segments}, {@code GET/PUT/DELETE /segments/{id}}. A
 * definition is validated completely (every problem in one 400, against the workspace's catalog and its other
 * segments), stored on the compacted segment-definitions topic, and answered once Kafka acknowledged it and this
 * instance shows it. Changing needs {@code segments:write}; reading {@code profiles:read} (or segments:write).
 * Nothing waits on a thread: the catalog read, Kafka's acknowledgement and the follower complete the answer.
 */
@Path("/segments")
@Produces(MediaType.APPLICATION_JSON)
public class SegmentResource {

    /** The largest definition body: 100 conditions of 100 values of 1,000 characters fit; far more is refused. */
    static final int MAX_BODY_BYTES = 256 * 1024;
    /** {@code ?include=} of the members route: each member's profile instead of its id. */
    static final String PROFILES = "profiles";
    /** The id a previewed definition is parsed under: no saved segment names it, so it is on no cycle. */
    private static final String PREVIEW_ID = "preview";
    /** Steps of {@link SegmentPreviews#SCAN} profiles one preview page takes, here or where it is forwarded. */
    private static final int PREVIEW_STEPS = 4;
    /** Profiles a page of an export reads. */
    private static final int EXPORT_PAGE = 1000;
    /** The largest page of {@code GET /segments} (contract section 11, "Pages"). */
    static final int MAX_PAGE = 1000;

    private static final Set<Scope> WRITERS = Set.of(Scope.SEGMENTS_WRITE);
    private static final Set<Scope> READERS = Set.of(Scope.PROFILES_READ, Scope.SEGMENTS_WRITE);
    private static final Logger LOG = Logger.getLogger(SegmentResource.class);
    /** Decimals as written ({@code 2.50} stays 2.50, {@code 1e999999999} stays a number the parser bounds). */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final QueryAccess access;
    private final SegmentDefinitions definitions;
    private final SegmentStates states;
    private final SegmentMembers members;
    private final ProfileExports exports;
    private final SegmentPreviews previews;
    private final Duration previewBudget;

    SegmentResource(final QueryAccess access, final SegmentDefinitions definitions, final SegmentStates states,
                    final SegmentMembers members, final ProfileExports exports, final SegmentPreviews previews,
                    @ConfigProperty(name = "cdp.projector.segments.preview-budget") final Duration previewBudget) {
        this.access = access;
        this.definitions = definitions;
        this.states = states;
        this.members = members;
        this.exports = exports;
        this.previews = previews;
        this.previewBudget = previewBudget;
    }

    @POST
    @Operation(summary = "Define a segment: {\"name\",\"match\":\"all\"|\"any\",\"conditions\":[…]} (contract section 11)")
    @APIResponse(responseCode = "201", description = "The segment, with its id",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SegmentView.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, or a definition with problems: every one listed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SegmentView.Invalid.class)))
    @APIResponse(responseCode = "409", description = "The workspace has the most segments it may (cdp.projector.segments.max-per-workspace)")
    @APIResponse(responseCode = "413", description = "A body over 256 KiB")
    @APIResponse(responseCode = "503", description = "Definitions or the catalog are loading, or Kafka did not take the write in time; retry after Retry-After seconds")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SegmentView.Request.class)))
    public Uni<Response> create(final String body, @Context final ContainerRequestContext request) {
        return access.answer(request, WRITERS, (caller, requestId) -> {
            final Body read = Body.of(body, requestId);
            final Optional<Response> refused = loading(requestId).or(read::refused);
            if (refused.isPresent()) {
                return Uni.createFrom().item(refused.get());
            }
            if (definitions.of(caller.workspaceId()).size() >= definitions.maxPerWorkspace()) {
                return Answers.now(Response.status(Response.Status.CONFLICT).entity(new ErrorBody("the workspace has "
                        + definitions.maxPerWorkspace() + " segments, the most it may have; delete one to define another", requestId)));
            }
            final String id = UUID.randomUUID().toString();
            final Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
            return validated(caller, id, read.tree(), request, requestId, definition -> new StoredSegment(
                    caller.workspaceId(), id, definition.name(), null, 1L, now, null))
                    .chain(segment -> segment instanceof Stored stored
                            ? written(definitions.write(stored.segment()), stored, requestId, Response.Status.CREATED)
                            : Uni.createFrom().item(((Refused) segment).response()));
        });
    }

    @GET
    @Operation(summary = "The workspace's segments, by id: ?limit= (at most 1000) and ?cursor=")
    @APIResponse(responseCode = "200", description = "A page of segments",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SegmentView.Page.class)))
    public Uni<Response> list(@QueryParam("limit") final String limit, @QueryParam("cursor") final String cursor,
                              @Context final ContainerRequestContext request) {
        return access.answer(request, READERS, (caller, requestId) -> {
            final Optional<Response> refused = loading(requestId);
            if (refused.isPresent()) {
                return Uni.createFrom().item(refused.get());
            }
            final int size;
            final String after;
            try {
                size = limit == null ? 100 : Integer.parseInt(limit);
                after = cursor == null || cursor.isEmpty() ? "" : new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Uni.createFrom().item(badRequest("limit must be a whole number and cursor one this route answered", requestId));
            }
            if (size < 1 || size > MAX_PAGE) {
                return Uni.createFrom().item(badRequest("limit must be from 1 to " + MAX_PAGE, requestId));
            }
            final List<StoredSegment> following = definitions.of(caller.workspaceId()).stream()
                    .filter(segment -> segment.getSegmentId().compareTo(after) > 0).toList();
            final List<StoredSegment> page = following.subList(0, Math.min(size, following.size()));
            final String next = following.size() > size ? Base64.getUrlEncoder().withoutPadding().encodeToString(
                    page.getLast().getSegmentId().getBytes(StandardCharsets.UTF_8)) : null;
            return Answers.now(Response.ok(new SegmentView.Page(page.stream().map(this::view).toList(), next)));
        });
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One segment: its definition, status and size")
    @APIResponse(responseCode = "200", description = "The segment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SegmentView.class)))
    @APIResponse(responseCode = "404", description = "No such segment in the caller's workspace")
    public Uni<Response> get(@PathParam("id") final String id, @Context final ContainerRequestContext request) {
        return access.answer(request, READERS, (caller, requestId) -> onSegment(caller.workspaceId(), id, requestId,
                segment -> Uni.createFrom().item(Response.ok(view(segment)).build())));
    }

    @GET
    @Path("/{id}/members")
    @Operation(summary = "A segment's members, in pages: ?limit= (1 to 1000, 100 by default) and ?cursor= (next_cursor of the page before)")
    @APIResponse(responseCode = "200", description = "A page of customer ids; next_cursor names the next page (null on the last)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SegmentView.Members.class)))
    @APIResponse(responseCode = "400", description = "A limit not 1 to 1000, or a cursor no page gave")
    @APIResponse(responseCode = "404", description = "No such segment in the caller's workspace")
    public Uni<Response> members(@PathParam("id") final String id, @QueryParam("cursor") final String cursor,
                                 @QueryParam("limit") final String limit,
                                 @Parameter(description = "profiles: each member's profile instead of its id")
                                 @QueryParam("include") final String include,
                                 @Context final ContainerRequestContext request) {
        return access.answer(request, READERS, (caller, requestId) -> onSegment(caller.workspaceId(), id, requestId, segment -> {
            final ListingCursor from;
            final int size;
            try {
                from = cursor == null || cursor.isEmpty() ? ListingCursor.START : ListingCursor.parse(cursor);
                size = CustomerResource.listingLimit(limit);
                if (from.after().filter(after -> after.indexOf('\u0000') >= 0).isPresent()) {
                    throw new IllegalArgumentException("cursor is not one a page of members gave");
                }
                if (include != null && !include.isEmpty() && !PROFILES.equals(include)) {
                    throw new IllegalArgumentException("include takes only " + PROFILES);
                }
            } catch (IllegalArgumentException e) {
                return Uni.createFrom().item(badRequest(e.getMessage(), requestId));
            }
            final CustomerKey workspace = new CustomerKey(caller.workspaceId(), "");
            final IncomingQuery incoming = access.incoming(request, requestId);
            if (PROFILES.equals(include)) {
                return access.queries().customer(workspace, ReadAfter.NONE, incoming,
                                members.profiles(caller.workspaceId(), id, from, size, membersPath(id, from, size, true)))
                        .map(answer -> access.respond(answer, requestId, page -> Response.ok(new SegmentView.Members(null,
                                page.items().stream().map(ProfileView::of).toList(),
                                page.next().map(ListingCursor::format).orElse(null)))));
            }
            return access.queries().customer(workspace, ReadAfter.NONE, incoming,
                            members.page(caller.workspaceId(), id, from, size, membersPath(id, from, size, false)))
                    .map(answer -> access.respond(answer, requestId, page -> Response.ok(new SegmentView.Members(
                            page.items(), null, page.next().map(ListingCursor::format).orElse(null)))));
        }));
    }

    /** The members route's path and query for the instance where the cursor's partition is active. */
    private static String membersPath(final String id, final ListingCursor from, final int size, final boolean profiles) {
        return "/segments/" + CustomerResource.encode(id) + "/members?limit=" + size + "&cursor="
                + CustomerResource.encode(from.format()) + (profiles ? "&include=" + PROFILES : "");
    }

    @GET
    @Path("/{id}/export")
    @Blocking
    @Produces({ProfileExports.NDJSON, MediaType.APPLICATION_JSON})
    @Operation(summary = "A segment's members' profiles as JSON lines (one profile a line), streamed")
    @APIResponse(responseCode = "200", description = "One profile per line; a last line {\"error\",\"resume_cursor\"} if a page could not be read (go on with /members?include=profiles&cursor=)",
            content = @Content(mediaType = ProfileExports.NDJSON, schema = @Schema(implementation = ProfileView.class,
                    description = "One ProfileView JSON object a line")))
    @APIResponse(responseCode = "404", description = "No such segment in the caller's workspace")
    @APIResponse(responseCode = "429", description = "As many exports as this instance runs at once are running; retry after Retry-After seconds")
    public Response export(@PathParam("id") final String id, @Context final ContainerRequestContext request) {
        // A worker thread (@Blocking): waiting for the answer here holds no event loop.
        return access.answer(request, READERS, (caller, requestId) -> onSegment(caller.workspaceId(), id, requestId, segment -> {
            final String workspace = caller.workspaceId();
            final IncomingQuery incoming = access.incoming(request, requestId);
            return Uni.createFrom().item(exports.stream(from -> access.queries().customer(new CustomerKey(workspace, ""),
                    ReadAfter.NONE, incoming, members.profiles(workspace, id, from, EXPORT_PAGE,
                            membersPath(id, from, EXPORT_PAGE, true))).subscribeAsCompletionStage(), requestId));
        })).await().indefinitely();
    }

    @POST
    @Path("/preview")
    @Operation(summary = "Preview an unsaved definition: how many profiles match it and up to 20 of them, nothing stored",
            description = "Evaluates the definition over the workspace's profiles with the fold's evaluator, within "
                    + "cdp.projector.segments.preview-budget; an incomplete preview names the cursor to go on from "
                    + "(POST /segments/preview?cursor=, the same body).")
    @APIResponse(responseCode = "200", description = "The preview",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SegmentView.Preview.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, a definition with problems (every one listed), or a cursor no preview gave",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SegmentView.Invalid.class)))
    @APIResponse(responseCode = "413", description = "A body over 256 KiB")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SegmentView.Request.class)))
    public Uni<Response> preview(final String body, @QueryParam("cursor") final String cursor,
                                 @Context final ContainerRequestContext request) {
        return access.answer(request, READERS, (caller, requestId) -> {
            final Body read = Body.of(body, requestId);
            final Optional<Response> refused = loading(requestId).or(read::refused);
            if (refused.isPresent()) {
                return Uni.createFrom().item(refused.get());
            }
            final ListingCursor from;
            try {
                from = cursor == null || cursor.isEmpty() ? ListingCursor.START : ListingCursor.parse(cursor);
            } catch (IllegalArgumentException e) {
                return Uni.createFrom().item(badRequest("cursor is not one a preview gave", requestId));
            }
            final IncomingQuery incoming = access.incoming(request, requestId).withBody(body);
            final long deadline = System.nanoTime() + previewBudget.toNanos();
            final Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
            final String workspace = caller.workspaceId();
            // Evaluated as the fold evaluates a saved segment: parsed as stored. The instance that was asked has
            // validated it against the catalog first; one a page is forwarded to does not read the catalog again
            // (it may be held by the instance that forwarded the page, which a forwarded query cannot ask).
            final Supplier<SegmentParser.Parsed> asStored = () -> SegmentParser.stored(definitions.zone(workspace))
                    .parse(PREVIEW_ID, read.tree(), definitions.definitions(workspace));
            if (incoming.forwarded()) {
                return asStored.get() instanceof SegmentParser.Parsed.Valid valid
                        ? previewFrom(workspace, valid.definition(), now, from, incoming, requestId, 0, empty(List.of()))
                        : Uni.createFrom().item(badRequest("not a definition a preview sent", requestId));
            }
            return validated(caller, PREVIEW_ID, read.tree(), request, requestId,
                    definition -> new StoredSegment(workspace, PREVIEW_ID, definition.name(), null, 0L, now, null))
                    .chain(outcome -> switch (outcome) {
                        case Refused no -> Uni.createFrom().item(no.response());
                        case Stored stored when asStored.get() instanceof SegmentParser.Parsed.Valid valid -> {
                            final List<String> uncounted = definitions.countsEveryEvent() ? List.of()
                                    : valid.definition().events().stream()
                                    .filter(event -> !definitions.set(workspace).events().contains(event))
                                    .sorted().toList();
                            yield previewFrom(workspace, valid.definition(), now, from, incoming, requestId, deadline,
                                    empty(uncounted));
                        }
                        case Stored ignored -> Uni.createFrom().item(badRequest("the definition cannot be evaluated", requestId));
                    });
        });
    }

    /**
     * {@code sum} with the page of the preview that starts at {@code from} added, and the pages after it as long as
     * {@code deadline} ({@link System#nanoTime}; 0: this page only) has not passed.
     */
    private Uni<Response> previewFrom(final String workspace, final SegmentDefinition definition, final Instant now,
                                      final ListingCursor from, final IncomingQuery incoming, final String requestId,
                                      final long deadline, final SegmentView.Preview sum) {
        final String path = "/segments/preview?cursor=" + CustomerResource.encode(from.format());
        return access.queries().customer(new CustomerKey(workspace, ""), ReadAfter.NONE, incoming,
                        previews.page(workspace, definition, now, from, PREVIEW_STEPS, path))
                .chain(answer -> {
                    final Optional<SegmentView.Preview> page = previewPage(answer);
                    if (page.isEmpty()) {
                        return Uni.createFrom().item(access.respond(answer, requestId, ignored -> Response.serverError()));
                    }
                    final List<String> members = new ArrayList<>(sum.members());
                    page.get().members().stream().limit(SegmentPreviews.SAMPLE - members.size()).forEach(members::add);
                    final SegmentView.Preview added = new SegmentView.Preview(sum.size() + page.get().size(), members,
                            sum.scanned() + page.get().scanned(), page.get().complete(), page.get().nextCursor(),
                            sum.uncountedEvents());
                    if (added.complete() || deadline == 0 || System.nanoTime() - deadline >= 0) {
                        return Uni.createFrom().item(Response.ok(added).build());
                    }
                    return previewFrom(workspace, definition, now, ListingCursor.parse(added.nextCursor()), incoming,
                            requestId, deadline, added);
                });
    }

    /** A preview before its first page: nothing read yet. */
    private static SegmentView.Preview empty(final List<String> uncounted) {
        return new SegmentView.Preview(0, List.of(), 0, false, null, uncounted);
    }

    /** A page of a preview read here or relayed from the instance that holds it; empty for any other answer. */
    private static Optional<SegmentView.Preview> previewPage(final Answer<ListingStore.Paged<SegmentPreviews.Tally>> answer) {
        return switch (answer) {
            case Answer.Local<ListingStore.Paged<SegmentPreviews.Tally>> local -> {
                long size = 0;
                long scanned = 0;
                final List<String> members = new ArrayList<>();
                for (final SegmentPreviews.Tally tally : local.value().items()) {
                    size += tally.matched();
                    scanned += tally.scanned();
                    tally.sample().stream().limit(SegmentPreviews.SAMPLE - members.size()).forEach(members::add);
                }
                final Optional<ListingCursor> next = local.value().next();
                yield Optional.of(new SegmentView.Preview(size, members, scanned, next.isEmpty(),
                        next.map(ListingCursor::format).orElse(null), List.of()));
            }
            case Answer.Relayed<ListingStore.Paged<SegmentPreviews.Tally>> relayed when relayed.status() == 200 -> {
                try {
                    yield Optional.of(JSON.readValue(relayed.body(), SegmentView.Preview.class));
                } catch (IOException e) {
                    LOG.warnf("Another instance answered a preview page that is not one: %s", e.toString());
                    yield Optional.empty();
                }
            }
            default -> Optional.empty();
        };
    }

    @GET
    @Path("/{id}/explain/{customer_id}")
    @Operation(summary = "Why a customer is in a segment or not: each condition, whether it held, and the values that decided it")
    @APIResponse(responseCode = "200", description = "The explanation",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SegmentView.Explained.class)))
    @APIResponse(responseCode = "404", description = "No such segment or customer in the caller's workspace")
    public Uni<Response> explain(@PathParam("id") final String id, @PathParam("customer_id") final String customerId,
                                 @Context final ContainerRequestContext request) {
        return access.answer(request, READERS, (caller, requestId) -> onSegment(caller.workspaceId(), id, requestId, segment -> {
            if (customerId.isBlank() || customerId.length() > CustomerResource.MAX_CUSTOMER_ID_LENGTH) {
                return Uni.createFrom().item(badRequest("customer_id must be 1 to " + CustomerResource.MAX_CUSTOMER_ID_LENGTH
                        + " characters, not blank", requestId));
            }
            final String workspace = caller.workspaceId();
            final Optional<SegmentDefinition> definition = Optional.ofNullable(definitions.definitions(workspace).get(id));
            if (definition.isEmpty()) {
                return Uni.createFrom().item(notFound(requestId));
            }
            final CustomerKey key = new CustomerKey(workspace, customerId);
            final String path = "/segments/" + CustomerResource.encode(id) + "/explain/" + CustomerResource.encode(customerId);
            return access.queries().customer(key, ReadAfter.NONE, access.incoming(request, requestId),
                            states.state(key, path))
                    .map(answer -> access.respond(answer, requestId, state -> {
                        if (state.profile().isEmpty()) {
                            return Response.status(Response.Status.NOT_FOUND).entity(new ErrorBody("customer not found", requestId));
                        }
                        final Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
                        final SegmentEvaluator.Evaluation evaluation = SegmentEvaluator.evaluate(definition.get(),
                                state.profile().get(), state.counts(), now, state.memberships());
                        return Response.ok(new SegmentView.Explained(id, customerId, state.memberships().contains(id),
                                evaluation.member(), now.toString(), SegmentView.Condition.of(evaluation.explanation())));
                    }));
        }));
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Replace a segment's definition (its id and creation time stay; it is backfilled again)")
    @APIResponse(responseCode = "200", description = "The segment as replaced",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SegmentView.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, or a definition with problems: every one listed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SegmentView.Invalid.class)))
    @APIResponse(responseCode = "404", description = "No such segment in the caller's workspace")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SegmentView.Request.class)))
    public Uni<Response> replace(@PathParam("id") final String id, final String body,
                                 @Context final ContainerRequestContext request) {
        return access.answer(request, WRITERS, (caller, requestId) -> onSegment(caller.workspaceId(), id, requestId, existing -> {
            final Body read = Body.of(body, requestId);
            if (read.refused().isPresent()) {
                return Uni.createFrom().item(read.refused().get());
            }
            final Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
            return validated(caller, id, read.tree(), request, requestId, definition -> new StoredSegment(
                    caller.workspaceId(), id, definition.name(), null, existing.getVersion() + 1,
                    existing.getCreatedAt(), now))
                    .chain(segment -> segment instanceof Stored stored
                            ? written(definitions.write(stored.segment()), stored, requestId, Response.Status.OK)
                            : Uni.createFrom().item(((Refused) segment).response()));
        }));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a segment (segments naming it in a membership condition then see no members)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such segment in the caller's workspace")
    public Uni<Response> delete(@PathParam("id") final String id, @Context final ContainerRequestContext request) {
        return access.answer(request, WRITERS, (caller, requestId) -> onSegment(caller.workspaceId(), id, requestId,
                segment -> Uni.createFrom().completionStage(() -> definitions.delete(caller.workspaceId(), id))
                        .map(shown -> Response.noContent().build())
                        .onFailure().recoverWithItem(failure -> notTaken(failure, requestId))));
    }

    /** What validating a request gave: a segment to store, or the answer refusing it. */
    private sealed interface Outcome {
    }

    private record Stored(StoredSegment segment, JsonNode definition) implements Outcome {
    }

    private record Refused(Response response) implements Outcome {
    }

    /**
     * {@code tree} checked against the workspace's catalog (read where it lives, as {@code GET /properties} reads
     * it) and its other segments; valid, {@code build} makes the record to store, its definition text set here.
     */
    private Uni<Outcome> validated(final Caller caller, final String id, final Object tree,
                                   final ContainerRequestContext request, final String requestId,
                                   final Function<SegmentDefinition, StoredSegment> build) {
        final String workspace = caller.workspaceId();
        return access.queries().catalog(workspace, access.incoming(request, requestId)).map(answer -> {
            final Optional<Map<String, PropertyDefinition>> properties = properties(answer);
            if (properties.isEmpty()) {
                return new Refused(access.respond(answer, requestId, ignored -> Response.serverError()));
            }
            final Catalog catalog = (ws, property) -> Optional.ofNullable(properties.get().get(property));
            final SegmentParser.Parsed parsed = new SegmentParser(workspace, catalog, definitions.zone(workspace))
                    .parse(id, tree, definitions.definitions(workspace));
            return switch (parsed) {
                case SegmentParser.Parsed.Invalid invalid -> new Refused(Response.status(Response.Status.BAD_REQUEST)
                        .entity(SegmentView.Invalid.of(invalid.problems(), requestId)).build());
                case SegmentParser.Parsed.Valid valid -> {
                    final Map<?, ?> body = (Map<?, ?>) tree;
                    final Map<String, Object> definition = new LinkedHashMap<>();
                    definition.put("match", body.get("match"));
                    definition.put("conditions", body.get("conditions"));
                    final StoredSegment segment = build.apply(valid.definition());
                    final JsonNode text = JSON.valueToTree(definition);
                    segment.setDefinition(text.toString());
                    yield new Stored(segment, text);
                }
            };
        });
    }

    /** The catalog a catalog read answered (here or relayed), by property; empty for any other answer. */
    private static Optional<Map<String, PropertyDefinition>> properties(final Answer<List<PropertyDefinitionEntry>> answer) {
        final Map<String, PropertyDefinition> properties = new HashMap<>();
        switch (answer) {
            case Answer.Local<List<PropertyDefinitionEntry>> local ->
                    local.value().forEach(entry -> properties.put(entry.getName(), PropertyDefinition.of(entry)));
            case Answer.Relayed<List<PropertyDefinitionEntry>> relayed when relayed.status() == 200 -> {
                try {
                    JSON.readValue(relayed.body(), CatalogView.class).properties().forEach(p -> properties.put(p.name(),
                            new PropertyDefinition(AttributeType.fromLabel(p.type()).orElse(AttributeType.STRING),
                                    p.enumValues() == null ? List.of() : p.enumValues())));
                } catch (IOException e) {
                    LOG.warnf("Another instance answered a catalog that is not one: %s", e.toString());
                    return Optional.empty();
                }
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(properties);
    }

    /** The answer once the write is acknowledged: shown here or not yet, it is durable, so it is answered. */
    private Uni<Response> written(final CompletionStage<Boolean> write, final Stored stored,
                                         final String requestId, final Response.Status status) {
        return Uni.createFrom().completionStage(write)
                .map(shown -> {
                    if (!shown) {
                        LOG.infof("Segment %s/%s is written but not yet shown by this instance",
                                stored.segment().getWorkspaceId(), stored.segment().getSegmentId());
                    }
                    final Response.ResponseBuilder response = Response.status(status)
                            .entity(SegmentView.of(stored.segment(), stored.definition(),
                                    SegmentDefinitions.Status.BACKFILLING.label(), definitions.size(
                                            stored.segment().getWorkspaceId(), stored.segment().getSegmentId())));
                    return (status == Response.Status.CREATED
                            ? response.header("Location", "/segments/" + stored.segment().getSegmentId()) : response).build();
                })
                .onFailure().recoverWithItem(failure -> notTaken(failure, requestId));
    }

    private static Response notTaken(final Throwable failure, final String requestId) {
        LOG.warnf("Kafka did not take a segment definition: %s", failure.toString());
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", Answer.RETRY_AFTER_SECONDS)
                .entity(new ErrorBody("Kafka did not take the segment definition in time; retry", requestId)).build();
    }

    /**
     * The answer about segment {@code id} of {@code workspace}: 503 while the definitions load (an id not found
     * yet may only not be read yet), 404 when the workspace has no such segment, else {@code answer}'s for it.
     */
    private Uni<Response> onSegment(final String workspace, final String id, final String requestId,
                                    final Function<StoredSegment, Uni<Response>> answer) {
        final Optional<Response> refused = loading(requestId);
        if (refused.isPresent()) {
            return Uni.createFrom().item(refused.get());
        }
        return definitions.find(workspace, id).map(answer).orElseGet(() -> Uni.createFrom().item(notFound(requestId)));
    }

    /** 503 until this instance holds every definition: a list, a limit or a cycle check would miss some. */
    private Optional<Response> loading(final String requestId) {
        return definitions.readiness().ready() ? Optional.empty()
                : Optional.of(Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", Answer.RETRY_AFTER_SECONDS)
                .entity(new ErrorBody("segment definitions are loading; retry", requestId)).build());
    }

    /**
     * A request's definition, read once: as maps, lists, strings, numbers, booleans and nulls (what
     * {@link SegmentParser} reads), or the answer refusing it (none, over {@link #MAX_BODY_BYTES}, not JSON).
     */
    private record Body(Object tree, Optional<Response> refused) {

        static Body of(final String body, final String requestId) {
            if (body == null || body.isBlank()) {
                return refusing(badRequest("a segment definition is required: {\"name\",\"match\",\"conditions\"}", requestId));
            }
            if (body.length() > MAX_BODY_BYTES || body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
                return refusing(Response.status(Response.Status.REQUEST_ENTITY_TOO_LARGE)
                        .entity(new ErrorBody("a segment definition is at most " + MAX_BODY_BYTES + " bytes", requestId)).build());
            }
            try {
                return new Body(JSON.readValue(body, Object.class), Optional.empty());
            } catch (JsonProcessingException e) {
                return refusing(badRequest("malformed JSON: " + e.getOriginalMessage(), requestId));
            }
        }

        private static Body refusing(final Response response) {
            return new Body(null, Optional.of(response));
        }
    }

    private SegmentView view(final StoredSegment segment) {
        final String status = definitions.status(segment.getWorkspaceId(), segment.getSegmentId(), segment.getVersion()).label();
        final long size = definitions.size(segment.getWorkspaceId(), segment.getSegmentId());
        try {
            return SegmentView.of(segment, JSON.readTree(segment.getDefinition()), status, size);
        } catch (JsonProcessingException e) {
            // Only this route writes definitions, always as JSON: one that is not was written by something else.
            LOG.warnf("Segment %s/%s has a definition that is not JSON: %s", segment.getWorkspaceId(), segment.getSegmentId(), e.toString());
            return SegmentView.of(segment, JSON.createObjectNode(), status, size);
        }
    }

    private static Response notFound(final String requestId) {
        return Response.status(Response.Status.NOT_FOUND).entity(new ErrorBody("segment not found", requestId)).build();
    }

    private static Response badRequest(final String message, final String requestId) {
        return Response.status(Response.Status.BAD_REQUEST).entity(new ErrorBody(message, requestId)).build();
    }
}
