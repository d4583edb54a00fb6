package org.opencdp.projector.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.HistoryPosition;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.Profile;
import org.opencdp.platform.access.Caller;
import org.opencdp.platform.access.Scope;
import org.opencdp.platform.http.ErrorBody;
import org.opencdp.projector.history.AsOf;
import org.opencdp.projector.identity.IdentifierKinds;
import org.opencdp.projector.query.HistoryStore;
import org.opencdp.projector.query.ListingCursor;
import org.opencdp.projector.query.ListingStore;
import org.opencdp.schemas.HistoryPositions;
import org.opencdp.schemas.ReadAfter;
import org.opencdp.schemas.values.Limits;
import org.opencdp.schemas.values.PhoneNumbers;
import org.opencdp.platform.query.Answer;
import org.opencdp.projector.query.IdentityStore;
import org.opencdp.platform.query.IncomingQuery;

/**
 * {@code GET /customers/{customer_id}}, {@code GET /customers?email=…} and {@code GET /customers?phone=…}: a
 * customer's profile, from whichever instance holds it. A profile merged into another answers 307 to the
 * survivor.
 */
@APIResponse(responseCode = "200", description = "The profile",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProfileView.class)))
@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerResource {

    static final int MAX_CUSTOMER_ID_LENGTH = Limits.DEFAULTS.maxCustomerIdLength();
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;

    static final String AFTER = "Any write's X-Consistency-Token (customer-commands pairs, identity: pairs, or both): "
            + "answer once the profile reflects that write";
    static final String AS_OF = "An ISO-8601 instant (2026-03-01T00:00:00Z): the profile as it stood then (docs/history.md); "
            + "404 if it did not exist then, 422 if the history before it was dropped by its bounds";
    static final String AS_OF_POSITION = "A position in the customer's history (2026-03-01T10:00:09.123Z/3, a workflow "
            + "run's profile_as_of): the profile as it stood right after that step; 404 if it did not exist then, 422 if a "
            + "later change was too large to keep undoable; a merged profile redirects to its survivor with as_of";
    static final String TOKEN_HEADER = "The same as after, sent as a header; both given must be equal";

    private static final Set<Scope> READERS = Set.of(Scope.PROFILES_READ);
    /** A lookup by email or phone also serves writers: the Attentive routes read custom attributes. */
    private static final Set<Scope> IDENTIFIER_READERS = Set.of(Scope.PROFILES_READ, Scope.ATTRIBUTES_WRITE);

    private final QueryAccess access;
    private final IdentityStore identities;
    private final HistoryStore history;
    private final ListingStore listing;

    CustomerResource(final QueryAccess access, final IdentityStore identities, final HistoryStore history,
                     final ListingStore listing) {
        this.access = access;
        this.identities = identities;
        this.history = history;
        this.listing = listing;
    }

    @GET
    @Operation(summary = "The profile holding an email or a phone (exactly one of the two); without either, every customer of the workspace in pages",
            description = "Without email and phone: {\"customers\":[profile,…],\"next_cursor\"}, profiles by partition and key; "
                    + "a page may hold fewer than limit and still have a next_cursor; null on the last (docs/history.md, \"Listing and export\")")
    @APIResponse(responseCode = "307", description = "The profile was merged into another: Location names the survivor")
    @APIResponse(responseCode = "400", description = "Both email and phone; a limit not 1 to 1000 or a cursor no page gave; a phone not in E.164 form; a malformed consistency token; as_of not an ISO-8601 instant")
    @APIResponse(responseCode = "503", description = "The projector is starting or rebalancing, or has not made the token's write visible within the wait; retry after Retry-After seconds")
    @APIResponse(responseCode = "404", description = "No profile holds that identifier (with as_of: its profile did not exist then)")
    @APIResponse(responseCode = "422", description = "as_of is before the time from which the profile's history is complete")
    public Uni<Response> byIdentifier(@QueryParam("email") final String email, @QueryParam("phone") final String phone,
                                      @Parameter(description = "Without email and phone: the next_cursor of the page of customers before") @QueryParam("cursor") final String cursor,
                                      @Parameter(description = "Without email and phone: customers per page, 1 to 1000 (default 100)") @QueryParam("limit") final String limit,
                                      @Parameter(description = AS_OF) @QueryParam("as_of") final String asOf,
                                      @Parameter(description = AFTER) @QueryParam("after") final String after,
                                      @Parameter(description = TOKEN_HEADER) @HeaderParam(ReadAfter.HEADER) final String token,
                                      @Context final ContainerRequestContext request) {
        if (email == null && phone == null) {
            return access.answer(request, READERS, (caller, requestId) -> list(caller, cursor, limit, after, token,
                    request, requestId));
        }
        return access.answer(request, IDENTIFIER_READERS, (caller, requestId) -> {
            final Optional<String> invalid = invalidIdentifier(email, phone);
            if (invalid.isPresent()) {
                return Answers.now(Response.status(Response.Status.BAD_REQUEST).entity(new ErrorBody(invalid.get(), requestId)));
            }
            final ReadAfter written;
            final Optional<Instant> then;
            try {
                written = ReadAfter.of(after, token);
                then = HistoryResource.instant("as_of", asOf);
            } catch (IllegalArgumentException e) {
                return Answers.now(Response.status(Response.Status.BAD_REQUEST).entity(new ErrorBody(e.getMessage(), requestId)));
            }
            final Identifier identifier = email != null
                    ? new Identifier(IdentifierKinds.EMAIL, null, email.trim().toLowerCase(Locale.ROOT))
                    : new Identifier(IdentifierKinds.PHONE, null, phone);
            return byIdentifier(caller, identifier, written, then, request, requestId);
        });
    }

    /**
     * A page of the workspace's customers, from the instance where its partition is active, once the partitions it
     * reads reflect the write the token names (an identity-routed write's: once resolved, as a profile read waits).
     */
    private Uni<Response> list(final Caller caller, final String cursor, final String limit, final String after,
                               final String header, final ContainerRequestContext request, final String requestId) {
        final ListingCursor from;
        final int size;
        final ReadAfter token;
        try {
            from = cursor == null || cursor.isEmpty() ? ListingCursor.START : ListingCursor.parse(cursor);
            size = listingLimit(limit);
            token = ReadAfter.of(after, header);
        } catch (IllegalArgumentException e) {
            return Answers.now(Response.status(Response.Status.BAD_REQUEST).entity(new ErrorBody(e.getMessage(), requestId)));
        }
        // The workspace's key: an identity-routed token is settled by the workspace's resolver, whatever the customer.
        return access.queries().customer(new CustomerKey(caller.workspaceId(), ""), token,
                        access.incoming(request, requestId),
                        listing.page(caller.workspaceId(), from, size, listingPath(from, size)))
                .map(answer -> access.respond(answer, requestId, page -> Response.ok(CustomersView.of(page))));
    }

    /** The listing route's path and query for the instance where the cursor's partition is active. */
    static String listingPath(final ListingCursor cursor, final int limit) {
        return "/customers?limit=" + limit + "&cursor=" + encode(cursor.format());
    }

    static int listingLimit(final String text) {
        if (text == null || text.isEmpty()) {
            return DEFAULT_PAGE;
        }
        try {
            final int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_PAGE) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("limit must be a whole number from 1 to " + MAX_PAGE);
    }

    private static Optional<String> invalidIdentifier(final String email, final String phone) {
        if ((email == null) == (phone == null)) {
            return Optional.of("give exactly one of the query parameters email and phone");
        }
        if (email != null && (email.isBlank() || email.length() > MAX_CUSTOMER_ID_LENGTH)) {
            return Optional.of("email must be 1 to " + MAX_CUSTOMER_ID_LENGTH + " characters, not blank");
        }
        if (phone != null && !PhoneNumbers.isE164(phone)) {
            return Optional.of("phone must be in E.164 form: + then 8 to 15 digits (encode + as %2B)");
        }
        return Optional.empty();
    }

    private Uni<Response> byIdentifier(final Caller caller, final Identifier identifier, final ReadAfter after,
                                       final Optional<Instant> asOf, final ContainerRequestContext request,
                                       final String requestId) {
        // Without after: the index's read adds the token it waits for there (docs/api.md, Read-your-writes).
        final String forwardPath = "/customers?" + identifier.getKind() + "=" + encode(identifier.getValue())
                + asOf.map(then -> "&as_of=" + encode(then.toString())).orElse("");
        final IncomingQuery incoming = access.incoming(request, requestId);
        return access.queries().holder(caller.workspaceId(), identifier, after, forwardPath, incoming)
                .chain(answer -> {
                    if (answer instanceof Answer.Local<Optional<String>> local) {
                        if (local.value().isEmpty()) {
                            return Answers.now(Response.status(Response.Status.NOT_FOUND)
                                    .entity(new ErrorBody("no customer has that " + identifier.getKind(), requestId)));
                        }
                        // The profile may live on another instance than the index: this is a new hop, not a forward.
                        final IncomingQuery hop = incoming.hop();
                        // The resolver has committed the identity-routed writes the token names (if any).
                        final CustomerKey key = new CustomerKey(caller.workspaceId(), local.value().get());
                        if (asOf.isPresent()) {
                            return access.queries().resolved(key, after, hop, history.asOf(key, asOf.get(),
                                            "/customers/" + encode(key.getCustomerId()) + "?as_of=" + encode(asOf.get().toString())))
                                    .map(found -> access.respond(found, requestId, then -> asOf(then, asOf.get(), requestId)));
                        }
                        return access.queries().resolvedProfile(key, after, hop)
                                .map(found -> access.respond(found, requestId, p -> profile(p, requestId)));
                    }
                    return Uni.createFrom().item(access.respond(answer, requestId, ignored -> Response.serverError()));
                });
    }

    @GET
    @Path("/{customer_id}")
    @Operation(summary = "A customer's profile: attributes with their types, rejected values, created and updated times, last applied request id")
    @APIResponse(responseCode = "400", description = "A blank or over-long customer id; a malformed consistency token, or one naming no write of customer-commands; as_of not an ISO-8601 instant")
    @APIResponse(responseCode = "404", description = "No such customer (with as_of: none then)")
    @APIResponse(responseCode = "422", description = "as_of (or as_of_position) is before the time from which the customer's history is complete (its bounds dropped older entries)")
    @APIResponse(responseCode = "503", description = "The projector is starting or rebalancing, or has not folded the token's write within the wait; retry after Retry-After seconds")
    public Uni<Response> customer(@PathParam("customer_id") final String customerId,
                                   @Parameter(description = AS_OF) @QueryParam("as_of") final String asOf,
                                   @Parameter(description = AS_OF_POSITION) @QueryParam("as_of_position") final String asOfPosition,
                                   @Parameter(description = AFTER) @QueryParam("after") final String after,
                                   @Parameter(description = TOKEN_HEADER) @HeaderParam(ReadAfter.HEADER) final String token,
                                   @Context final ContainerRequestContext request) {
        return access.answer(request, READERS, (caller, requestId) -> asOfPosition == null
                ? read(caller, customerId, asOf, after, token, request, requestId)
                : readAtPosition(caller, customerId, asOf, asOfPosition, after, token, request, requestId));
    }

    /** The profile as a workflow run saw it: at a position of its history (the run's {@code profile_as_of}). */
    private Uni<Response> readAtPosition(final Caller caller, final String customerId, final String asOf,
                                         final String positionText, final String after, final String header,
                                         final ContainerRequestContext request, final String requestId) {
        final ReadAfter token;
        final HistoryPosition position;
        try {
            if (asOf != null) {
                throw new IllegalArgumentException("give one of as_of and as_of_position");
            }
            if (customerId.isBlank() || customerId.length() > MAX_CUSTOMER_ID_LENGTH) {
                throw new IllegalArgumentException("customer_id must be 1 to " + MAX_CUSTOMER_ID_LENGTH + " characters, not blank");
            }
            token = ReadAfter.of(after, header);
            position = HistoryPositions.parse(positionText);
        } catch (IllegalArgumentException e) {
            return Answers.now(Response.status(Response.Status.BAD_REQUEST).entity(new ErrorBody(e.getMessage(), requestId)));
        }
        final CustomerKey key = new CustomerKey(caller.workspaceId(), customerId);
        return access.queries().customer(key, token, access.incoming(request, requestId), history.atPosition(key, position,
                        "/customers/" + encode(customerId) + "?as_of_position=" + encode(HistoryPositions.format(position))))
                .map(answer -> access.respond(answer, requestId, found -> asOf(found, position.getTime(), requestId)));
    }

    private Uni<Response> read(final Caller caller, final String customerId, final String asOf, final String after,
                               final String header, final ContainerRequestContext request, final String requestId) {
        if (customerId.isBlank() || customerId.length() > MAX_CUSTOMER_ID_LENGTH) {
            return Answers.now(Response.status(Response.Status.BAD_REQUEST).entity(new ErrorBody(
                    "customer_id must be 1 to " + MAX_CUSTOMER_ID_LENGTH + " characters, not blank", requestId)));
        }
        final ReadAfter token;
        final Optional<Instant> then;
        try {
            token = ReadAfter.of(after, header);
            then = HistoryResource.instant("as_of", asOf);
        } catch (IllegalArgumentException e) {
            return Answers.now(Response.status(Response.Status.BAD_REQUEST).entity(new ErrorBody(e.getMessage(), requestId)));
        }
        final CustomerKey key = new CustomerKey(caller.workspaceId(), customerId);
        if (then.isPresent()) {
            return access.queries().customer(key, token, access.incoming(request, requestId), history.asOf(key, then.get(),
                            "/customers/" + encode(customerId) + "?as_of=" + encode(then.get().toString())))
                    .map(answer -> access.respond(answer, requestId, found -> asOf(found, then.get(), requestId)));
        }
        return access.queries().profile(new CustomerKey(caller.workspaceId(), customerId), token, access.incoming(request, requestId))
                .map(answer -> access.respond(answer, requestId, profile -> profile(profile, requestId)));
    }

    /** The profile as of {@code then}: as a profile read now answers, a merged one redirected with the same instant. */
    private static Response.ResponseBuilder asOf(final AsOf answer, final Instant then, final String requestId) {
        return switch (answer) {
            case AsOf.Found found when found.profile().getMergedInto() != null -> Response.temporaryRedirect(URI.create(
                            "/customers/" + encode(found.profile().getMergedInto()) + "?as_of=" + encode(then.toString())))
                    .entity(new ErrorBody("customer " + found.profile().getCustomerId() + " was merged into "
                            + found.profile().getMergedInto() + " then", requestId));
            case AsOf.Found found -> Response.ok(ProfileView.of(found.profile()));
            case AsOf.Absent ignored -> Response.status(Response.Status.NOT_FOUND)
                    .entity(new ErrorBody("customer not found at " + then, requestId));
            case AsOf.Incomplete incomplete -> Response.status(422).entity(new ErrorBody("the customer's history is "
                    + "complete only from " + incomplete.completeFrom() + " (older entries were dropped by its bounds): "
                    + "as_of before it cannot be answered exactly", requestId));
        };
    }

    private static Response.ResponseBuilder profile(final Optional<Profile> profile, final String requestId) {
        return profile.map(found -> found.getMergedInto() == null
                        ? Response.ok(ProfileView.of(found))
                        : Response.temporaryRedirect(URI.create("/customers/" + encode(found.getMergedInto())))
                                .entity(new ErrorBody("customer " + found.getCustomerId() + " was merged into "
                                        + found.getMergedInto(), requestId)))
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).entity(new ErrorBody("customer not found", requestId)));
    }

    static String encode(final String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

}
