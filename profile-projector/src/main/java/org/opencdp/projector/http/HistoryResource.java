package org.opencdp.projector.http;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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
import org.opencdp.platform.access.Scope;
import org.opencdp.platform.http.ErrorBody;
import org.opencdp.projector.history.HistoryCursor;
import org.opencdp.projector.history.HistoryQuery;
import org.opencdp.projector.query.HistoryStore;
import org.opencdp.schemas.ReadAfter;

/**
 * {@code GET /customers/{customer_id}/history}: every change of a profile, newest first, in pages (contract
 * section 12, docs/history.md), from whichever instance holds the customer.
 */
@Path("/customers/{customer_id}/history")
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

    private static final Set<Scope> READERS = Set.of(Scope.PROFILES_READ);
    private static final int MAX_INSTANT_LENGTH = 40;
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private final QueryAccess access;
    private final HistoryStore history;

    HistoryResource(final QueryAccess access, final HistoryStore history) {
        this.access = access;
        this.history = history;
    }

    @GET
    @Operation(summary = "A customer's history: every change of its attributes, array items, identifiers, subscriptions and merges, newest first, with time, request id and source")
    @APIResponse(responseCode = "200", description = "A page of entries; next_cursor names the next page (null on the last)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HistoryView.class)))
    @APIResponse(responseCode = "400", description = "A blank or over-long customer id; from or to not an ISO-8601 instant, from after to; a limit not 1 to 1000; a cursor no page gave; a malformed consistency token")
    @APIResponse(responseCode = "404", description = "No such customer (a deleted customer's history is erased with it)")
    @APIResponse(responseCode = "503", description = "The projector is starting or rebalancing, or has not folded the token's write within the wait; retry after Retry-After seconds")
    public Uni<Response> history(@PathParam("customer_id") final String customerId,
                                 @Parameter(description = "Only entries of this property or array field") @QueryParam("attribute") final String attribute,
                                 @Parameter(description = "Only entries at or after this ISO-8601 instant") @QueryParam("from") final String from,
                                 @Parameter(description = "Only entries at or before this ISO-8601 instant") @QueryParam("to") final String to,
                                 @Parameter(description = "The next_cursor of the page before") @QueryParam("cursor") final String cursor,
                                 @Parameter(description = "Entries per page, 1 to 1000 (default 100)") @QueryParam("limit") final String limit,
                                 @Parameter(description = CustomerResource.AFTER) @QueryParam("after") final String after,
                                 @Parameter(description = CustomerResource.TOKEN_HEADER) @HeaderParam(ReadAfter.HEADER) final String token,
                                 @Context final ContainerRequestContext request) {
        return access.answer(request, READERS, (caller, requestId) -> {
            if (customerId.isBlank() || customerId.length() > CustomerResource.MAX_CUSTOMER_ID_LENGTH) {
                return badRequest("customer_id must be 1 to " + CustomerResource.MAX_CUSTOMER_ID_LENGTH
                        + " characters, not blank", requestId);
            }
            final HistoryQuery query;
            final ReadAfter written;
            try {
                query = new HistoryQuery(attribute == null || attribute.isEmpty() ? null : bounded("attribute", attribute),
                        instant("from", from).orElse(null), instant("to", to).orElse(null),
                        cursor == null || cursor.isEmpty() ? null : HistoryCursor.parse(cursor), limit(limit));
                written = ReadAfter.of(after, token);
            } catch (IllegalArgumentException e) {
                return badRequest(e.getMessage(), requestId);
            }
            final CustomerKey key = new CustomerKey(caller.workspaceId(), customerId);
            return access.queries().customer(key, written, access.incoming(request, requestId),
                            history.page(key, query, path(customerId, query)))
                    .map(answer -> access.respond(answer, requestId, page -> page
                            .map(found -> Response.ok(HistoryView.of(found)))
                            .orElseGet(() -> Response.status(Response.Status.NOT_FOUND)
                                    .entity(new ErrorBody("customer not found", requestId)))));
        });
    }

    /** The route's path and query for the instance that holds the customer. */
    private static String path(final String customerId, final HistoryQuery query) {
        final StringBuilder path = new StringBuilder("/customers/").append(CustomerResource.encode(customerId))
                .append("/history?limit=").append(query.limit());
        if (query.attribute() != null) {
            path.append("&attribute=").append(CustomerResource.encode(query.attribute()));
        }
        if (query.from() != null) {
            path.append("&from=").append(CustomerResource.encode(query.from().toString()));
        }
        if (query.to() != null) {
            path.append("&to=").append(CustomerResource.encode(query.to().toString()));
        }
        query.after().ifPresent(cursor -> path.append("&cursor=").append(CustomerResource.encode(cursor.format())));
        return path.toString();
    }

    private static int limit(final String text) {
        if (text == null || text.isEmpty()) {
            return HistoryQuery.DEFAULT_LIMIT;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a whole number from 1 to " + HistoryQuery.MAX_LIMIT, e);
        }
    }

    private static String bounded(final String name, final String text) {
        if (text.length() > CustomerResource.MAX_CUSTOMER_ID_LENGTH) {
            throw new IllegalArgumentException(name + " must be at most " + CustomerResource.MAX_CUSTOMER_ID_LENGTH + " characters");
        }
        return text;
    }

    /**
     * An ISO-8601 instant with its offset ({@code 2026-03-01T00:00:00Z}, {@code 2026-03-01T09:00:00+09:00}), as the
     * query parameter {@code name}; empty when absent.
     */
    static Optional<Instant> instant(final String name, final String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (text.length() > MAX_INSTANT_LENGTH) {
                throw new DateTimeParseException("too long", text.substring(0, MAX_INSTANT_LENGTH), 0);
            }
            final Instant instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                throw new IllegalArgumentException(name + " must be within the years 0001 to 9999");
            }
            return Optional.of(instant);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant with its offset, like "
                    + "2026-03-01T00:00:00Z (encode + as %2B)", e);
        }
    }

    private static Uni<Response> badRequest(final String message, final String requestId) {
        return Answers.now(Response.status(Response.Status.BAD_REQUEST).entity(new ErrorBody(message, requestId)));
    }
}
