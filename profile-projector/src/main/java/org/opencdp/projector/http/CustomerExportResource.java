package org.opencdp.projector.http;

import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

import io.smallrye.common.annotation.Blocking;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.opencdp.avro.CustomerKey;
import org.opencdp.platform.access.Scope;
import org.opencdp.platform.query.IncomingQuery;
import org.opencdp.projector.query.InteractiveQueries;
import org.opencdp.projector.query.ListingStore;
import org.opencdp.schemas.ReadAfter;

/**
 * {@code GET /customers/export}: every customer of the workspace as JSON lines, one profile a line as
 * {@code GET /customers/{id}} shows it (contract section 12), from the listing's pages ({@link ProfileExports}); a
 * stream that ends early names the {@code GET /customers?cursor=} to go on from.
 */
@Path("/customers/export")
public class CustomerExportResource {

    static final String NDJSON = ProfileExports.NDJSON;
    private static final int PAGE = 1000;
    private static final Set<Scope> READERS = Set.of(Scope.PROFILES_READ);

    private final InteractiveQueries queries;
    private final ListingStore listing;
    private final QueryAccess queryAccess;
    private final ProfileExports exports;

    CustomerExportResource(final InteractiveQueries queries, final ListingStore listing, final QueryAccess queryAccess,
                           final ProfileExports exports) {
        this.queries = queries;
        this.listing = listing;
        this.queryAccess = queryAccess;
        this.exports = exports;
    }

    @GET
    @Blocking
    @Produces({NDJSON, "application/json"})
    @Operation(summary = "Every customer of the workspace as JSON lines (one profile a line), streamed")
    @APIResponse(responseCode = "200", description = "One profile per line; a last line {\"error\",\"resume_cursor\"} if a page could not be read",
            content = @Content(mediaType = NDJSON, schema = @Schema(implementation = ProfileView.class,
                    description = "One ProfileView JSON object a line")))
    @APIResponse(responseCode = "429", description = "As many exports as this instance runs at once are running; retry after Retry-After seconds")
    public Response export(@Context final ContainerRequestContext request) {
        // A worker thread (@Blocking): waiting for the answer here holds no event loop.
        return queryAccess.answer(request, READERS, (caller, requestId) -> {
            final IncomingQuery incoming = queryAccess.incoming(request, requestId);
            final String workspace = caller.workspaceId();
            return Answers.now(Response.fromResponse(exports.stream(from -> queries.customer(new CustomerKey(workspace, ""),
                    ReadAfter.NONE, incoming, listing.page(workspace, from, PAGE, CustomerResource.listingPath(from, PAGE)))
                    .subscribeAsCompletionStage(), requestId)));
        }).await().indefinitely();
    }
}
