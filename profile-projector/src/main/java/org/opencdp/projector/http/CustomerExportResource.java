package org.opencdp.projector.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.common.annotation.Blocking;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;
import org.opencdp.avro.CustomerKey;
import org.opencdp.platform.access.Scope;
import org.opencdp.platform.http.ErrorBody;
import org.opencdp.platform.query.Answer;
import org.opencdp.platform.query.IncomingQuery;
import org.opencdp.projector.query.InteractiveQueries;
import org.opencdp.projector.query.ListingCursor;
import org.opencdp.projector.query.ListingStore;
import org.opencdp.schemas.ReadAfter;

/**
 * {@code GET /customers/export}: every customer of the workspace as JSON lines, one profile a line as
 * {@code GET /customers/{id}} shows it (contract section 12). It reads the listing's pages one after another, each
 * where its partition is active, and writes each as it comes, so memory stays one page whatever the workspace's
 * size. The answer is 200 before the first page is read: a page that cannot be read later (an instance gone,
 * a rebalance longer than the retries) ends the stream with one last line {@code {"error":…,"resume_cursor":…}},
 * from which {@code GET /customers?cursor=} goes on.
 */
@Path("/customers/export")
public class CustomerExportResource {

    static final String NDJSON = "application/x-ndjson";
    private static final Logger LOG = Logger.getLogger(CustomerExportResource.class);
    private static final int PAGE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Set<Scope> READERS = Set.of(Scope.PROFILES_READ);

    private final InteractiveQueries queries;
    private final ListingStore listing;
    private final QueryAccess queryAccess;
    private final Duration pageTimeout;
    private final Semaphore running;

    CustomerExportResource(final InteractiveQueries queries, final ListingStore listing,
                           final QueryAccess queryAccess,
                           @ConfigProperty(name = "cdp.projector.export.page-timeout") final Duration pageTimeout,
                           @ConfigProperty(name = "cdp.projector.export.concurrent") final int concurrent) {
        this.queries = queries;
        this.listing = listing;
        this.queryAccess = queryAccess;
        this.pageTimeout = pageTimeout;
        this.running = new Semaphore(concurrent);
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
            if (!running.tryAcquire()) {
                return Answers.now(Response.status(429).header("Retry-After", Answer.RETRY_AFTER_SECONDS)
                        .type("application/json")
                        .entity(new ErrorBody("too many exports at once on this instance; retry", requestId)));
            }
            final IncomingQuery incoming = queryAccess.incoming(request, requestId);
            final StreamingOutput lines = output -> {
                try {
                    write(caller.workspaceId(), incoming, output);
                } finally {
                    running.release();
                }
            };
            return Answers.now(Response.ok(lines, NDJSON));
        }).await().indefinitely();
    }

    private void write(final String workspace, final IncomingQuery incoming, final OutputStream output) throws IOException {
        Optional<ListingCursor> cursor = Optional.of(ListingCursor.START);
        while (cursor.isPresent()) {
            final ListingCursor from = cursor.get();
            final Answer<ListingStore.Page> answer;
            try {
                answer = queries.customer(new CustomerKey(workspace, ""), ReadAfter.NONE, incoming,
                        listing.page(workspace, from, PAGE, CustomerResource.listingPath(from, PAGE)))
                        .await().atMost(pageTimeout);
            } catch (RuntimeException e) {
                end(output, "a page was not read in time: " + e.getMessage(), from);
                return;
            }
            switch (answer) {
                case Answer.Local<ListingStore.Page> local -> {
                    for (final var profile : local.value().profiles()) {
                        line(output, JSON.writeValueAsBytes(ProfileView.of(profile)));
                    }
                    cursor = local.value().next();
                }
                case Answer.Relayed<ListingStore.Page> relayed when relayed.status() == 200 -> {
                    final JsonNode page = JSON.readTree(relayed.body());
                    for (final Iterator<JsonNode> customers = page.path("customers").elements(); customers.hasNext(); ) {
                        line(output, JSON.writeValueAsBytes(customers.next()));
                    }
                    final JsonNode next = page.path("next_cursor");
                    cursor = next.isTextual() ? Optional.of(ListingCursor.parse(next.asText())) : Optional.empty();
                }
                default -> {
                    end(output, "a page could not be read: " + describe(answer), from);
                    return;
                }
            }
            output.flush();
        }
    }

    private static void line(final OutputStream output, final byte[] json) throws IOException {
        output.write(json);
        output.write('\n');
    }

    private static void end(final OutputStream output, final String error, final ListingCursor resume) throws IOException {
        LOG.warnf("Export ended early: %s", error);
        line(output, JSON.writeValueAsBytes(Map.of("error", error, "resume_cursor", resume.format())));
        output.flush();
    }

    private static String describe(final Answer<?> answer) {
        return switch (answer) {
            case Answer.Relayed<?> relayed -> "the instance that holds it answered " + relayed.status();
            case Answer.Unavailable<?> unavailable -> unavailable.reason();
            case Answer.NotCaughtUp<?> behind -> behind.reason();
            case Answer.ImpossibleToken<?> impossible -> impossible.message();
            case Answer.Local<?> ignored -> "read here";
        };
    }
}
