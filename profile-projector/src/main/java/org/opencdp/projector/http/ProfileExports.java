package org.opencdp.projector.http;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.opencdp.avro.Profile;
import org.opencdp.platform.http.ErrorBody;
import org.opencdp.platform.query.Answer;
import org.opencdp.projector.query.ListingCursor;
import org.opencdp.projector.query.ListingStore;

/**
 * Profiles as JSON lines, one profile a line as {@code GET /customers/{id}} shows it, streamed page after page: the
 * one home of every export ({@code GET /customers/export}, {@code GET /segments/{id}/export}). Each page is read where
 * its partition is active and written as it comes, the next read while one is written, so memory stays two pages
 * whatever the size. The answer is 200 before the first page is read: a page that cannot be read later (an instance
 * gone, a rebalance longer than the retries) ends the stream with one last line {@code {"error":…,"resume_cursor":…}}.
 * At most {@code cdp.projector.export.concurrent} exports run at once on an instance; more answer 429.
 */
@ApplicationScoped
public class ProfileExports {

    static final String NDJSON = "application/x-ndjson";
    private static final Logger LOG = Logger.getLogger(ProfileExports.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Writes a line's value without flushing: the caller gets a page's lines at once. */
    private static final ObjectWriter LINES = JSON.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

    /**
     * Reads the page of profiles that starts at a cursor, here or on the instance that holds it; a relayed page is
     * a JSON object whose {@code customers} are the profiles and {@code next_cursor} the next page's cursor.
     */
    @FunctionalInterface
    interface Pages {
        CompletableFuture<Answer<ListingStore.Paged<Profile>>> read(ListingCursor from);
    }

    private final Duration pageTimeout;
    private final Semaphore running;

    ProfileExports(@ConfigProperty(name = "cdp.projector.export.page-timeout") final Duration pageTimeout,
                   @ConfigProperty(name = "cdp.projector.export.concurrent") final int concurrent) {
        this.pageTimeout = pageTimeout;
        this.running = new Semaphore(concurrent);
    }

    /** The streamed answer of {@code pages} from the start, or 429 while as many exports as allowed run here. */
    Response stream(final Pages pages, final String requestId) {
        if (!running.tryAcquire()) {
            return Response.status(429).header("Retry-After", Answer.RETRY_AFTER_SECONDS).type("application/json")
                    .entity(new ErrorBody("too many exports at once on this instance; retry", requestId)).build();
        }
        final StreamingOutput lines = output -> {
            try {
                write(pages, output);
            } finally {
                running.release();
            }
        };
        return Response.ok(lines, NDJSON).build();
    }

    /**
     * Writes page after page. The next page's read is asked for before the current page is written: the store read
     * and the decoding run on a worker thread while this one writes JSON, so the two use both cores, and at most
     * two pages are held at once.
     */
    private void write(final Pages pages, final OutputStream output) throws IOException {
        // One generator for the whole export: lines go into its buffer, and reach the caller once a page is written.
        ListingCursor from = ListingCursor.START;
        CompletableFuture<Answer<ListingStore.Paged<Profile>>> pending = pages.read(from);
        try (JsonGenerator json = JSON.createGenerator(output).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            json.setRootValueSeparator(null);
            while (pending != null) {
                final Answer<ListingStore.Paged<Profile>> answer;
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
                    case Answer.Local<ListingStore.Paged<Profile>> local -> {
                        final Optional<ListingCursor> next = local.value().next();
                        if (next.isPresent()) {
                            from = next.get();
                            pending = pages.read(from);
                        }
                        for (final Profile profile : local.value().items()) {
                            line(json, ProfileView.of(profile));
                        }
                    }
                    case Answer.Relayed<ListingStore.Paged<Profile>> relayed when relayed.status() == 200 -> {
                        final JsonNode page = JSON.readTree(relayed.body());
                        final JsonNode next = page.path("next_cursor");
                        if (next.isTextual()) {
                            from = ListingCursor.parse(next.asText());
                            pending = pages.read(from);
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
