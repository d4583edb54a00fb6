package org.opencdp.projector.http;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

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
 * where its partition is active, and writes each as it comes, reading the next while it writes one, so memory stays
 * two pages whatever the workspace's size. The answer is 200 before the first page is read: a page that cannot be read later (an instance gone,
 * a rebalance longer than the retries) ends the stream with one last line {@code {"error":…,"resume_cursor":…}},
 * from which {@code GET /customers?cursor=} goes on.
 */
@Path("/customers/export")
public class CustomerExportResource {

    static final String NDJSON = "application/x-ndjson";
    private static final Logger LOG = Logger.getLogger(CustomerExportResource.class);
    private static final int PAGE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Writes a line's value without flushing: the caller gets a page's lines at once. */
    private static final ObjectWriter LINES = JSON.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

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

    /**
     * Writes page after page. The next page's read is asked for before the current page is written: the store read
     * and the decoding run on a worker thread while this one writes JSON, so the two use both cores, and at most
     * two pages are held at once.
     */
    private void write(final String workspace, final IncomingQuery incoming, final OutputStream output) throws IOException {
        // One generator for the whole export: lines go into its buffer, and reach the caller once a page is written.
        ListingCursor from = ListingCursor.START;
        CompletableFuture<Answer<ListingStore.Page>> pending = read(workspace, from, incoming);
        try (JsonGenerator json = JSON.createGenerator(output).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            json.setRootValueSeparator(null);
            while (pending != null) {
                final Answer<ListingStore.Page> answer;
                try {
                    answer = pending.get(pageTimeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    end(json, "a page was not read within " + pageTimeout, from);
                    return;
                } catch (ExecutionException e) {
                    end(json, "a page could not be read: " + e.getCause(), from);
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    end(json, "the export was interrupted", from);
                    return;
                }
                pending = null;
                switch (answer) {
                    case Answer.Local<ListingStore.Page> local -> {
                        final Optional<ListingCursor> next = local.value().next();
                        if (next.isPresent()) {
                            from = next.get();
                            pending = read(workspace, from, incoming);
                        }
                        for (final var profile : local.value().profiles()) {
                            line(json, ProfileView.of(profile));
                        }
                    }
                    case Answer.Relayed<ListingStore.Page> relayed when relayed.status() == 200 -> {
                        final JsonNode page = JSON.readTree(relayed.body());
                        final JsonNode next = page.path("next_cursor");
                        if (next.isTextual()) {
                            from = ListingCursor.parse(next.asText());
                            pending = read(workspace, from, incoming);
                        }
                        for (final Iterator<JsonNode> customers = page.path("customers").elements(); customers.hasNext(); ) {
                            line(json, customers.next());
                        }
                    }
                    default -> {
                        end(json, "a page could not be read: " + describe(answer), from);
                        return;
                    }
                }
                json.flush();
            }
        } finally {
            if (pending != null) {
                // The caller went away (a write failed) or the export ended: the read ahead is not needed.
                pending.cancel(true);
            }
        }
    }

    private CompletableFuture<Answer<ListingStore.Page>> read(final String workspace, final ListingCursor from,
                                                              final IncomingQuery incoming) {
        return queries.customer(new CustomerKey(workspace, ""), ReadAfter.NONE, incoming,
                listing.page(workspace, from, PAGE, CustomerResource.listingPath(from, PAGE)))
                .subscribeAsCompletionStage();
    }

    private static void line(final JsonGenerator json, final Object value) throws IOException {
        LINES.writeValue(json, value);
        json.writeRaw('\n');
    }

    private static void end(final JsonGenerator json, final String error, final ListingCursor resume) throws IOException {
        LOG.warnf("Export ended early: %s", error);
        line(json, Map.of("error", error, "resume_cursor", resume.format()));
        json.flush();
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
