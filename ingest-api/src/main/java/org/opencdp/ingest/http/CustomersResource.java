package org.opencdp.ingest.http;

import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencdp.avro.ApiFamily;
import org.opencdp.ingest.customer.CustomerBatchReader;
import org.opencdp.ingest.customer.CustomerDeletionReader;
import org.opencdp.ingest.query.ProjectorQueries;
import org.opencdp.schemas.values.Limits;
import org.opencdp.platform.access.Scope;

/**
 * Retainly {@code POST /customers} (upserts customers by {@code id}, one command per customer) and
 * {@code DELETE /customers} (one delete per id); {@code GET /customers/{id}} is the projector's, relayed.
 */
@Path("/customers")
@Tag(name = "Retainly")
@Produces(MediaType.APPLICATION_JSON)
public class CustomersResource {

    private static final CommandWrites.Route UPSERT_ROUTE =
            CommandWrites.Route.of(ApiFamily.RETAINLY, "POST /customers", Scope.CUSTOMERS_WRITE);
    private static final CommandWrites.Route DELETE_ROUTE =
            CommandWrites.Route.of(ApiFamily.RETAINLY, "DELETE /customers", Scope.CUSTOMERS_DELETE)
                    .allowingLeadingZeros();

    private final CommandWrites writes;
    private final ProjectorQueries projector;
    private final CustomerBatchReader reader = new CustomerBatchReader(Limits.DEFAULTS);
    private final CustomerDeletionReader deletions = new CustomerDeletionReader(Limits.DEFAULTS);

    @Inject
    public CustomersResource(final CommandWrites writes, final ProjectorQueries projector) {
        this.writes = writes;
        this.projector = projector;
    }

    /**
     * Called on the event loop with the body read whole: a small body (one customer) is written right there, a
     * large one, or any while the producer may block (metadata, a full buffer), on a worker thread
     * ({@link CommandWrites#write(CommandWrites.Route, ContainerRequestContext, byte[], java.util.function.Function,
     * java.util.function.BiFunction, java.util.function.Function)}). The answer waits for Kafka's acknowledgements
     * without holding a thread.
     */
    @POST
    @NonBlocking
    @Operation(summary = "Create or update customers",
            description = "Upserts 1 to 10,000 customers by id. Answers once Kafka has acknowledged every command.")
    @RequestBody(required = true, description = "{\"customers\":[{\"id\":1,\"field\":\"value\"}]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestBodies.Customers.class)))
    @APIResponse(responseCode = "200", description = "Every customer is in the command log (a JSON string); "
            + "X-Consistency-Token names the positions written", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Accepted.class)))
    @Extension(name = SharedResponses.EXTENSION, value = "retainly-write")
    @APIResponse(responseCode = "413", description = "Body over quarkus.http.limits.max-body-size")
    @APIResponse(responseCode = "422", description = "{\"detail\":[{\"loc\":[…],\"msg\":…,\"type\":…}]}, "
            + "every violation (an invalid Idempotency-Key included); nothing applied")
    public CompletionStage<Response> upsert(@Context final ContainerRequestContext request, final byte[] body) {
        return writes.write(UPSERT_ROUTE, request, body, reader::read, (origin, batch) -> batch.commands(origin),
                Accepted.per("customer"));
    }

    /**
     * On the event loop or a worker thread like {@link #upsert}. Deleting an unknown customer is not an error: the projector has nothing
     * to erase. The seed's example sends ids with leading zeros ({@code 01010011234}), so this route reads
     * them as the number they spell ({@code "1010011234"}).
     */
    @DELETE
    @NonBlocking
    @Operation(summary = "Delete customers",
            description = "Deletes 1 to 10,000 customers by id, each entirely. Unknown ids are not an error.")
    @RequestBody(required = true, description = "{\"customers_ids\":[1,\"a-2\"]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestBodies.CustomerIds.class)))
    @APIResponse(responseCode = "200", description = "Every delete is in the command log (a JSON string); "
            + "X-Consistency-Token names the positions written", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Accepted.class)))
    @Extension(name = SharedResponses.EXTENSION, value = "retainly-write")
    public CompletionStage<Response> delete(@Context final ContainerRequestContext request, final byte[] body) {
        return writes.write(DELETE_ROUTE, request, body, deletions::read,
                CommandWrites.each((origin, i, id) -> origin.deleteCustomer(i, id)), Accepted.per("customer"));
    }

    /** Not blocking: the projector's answer is awaited without a thread. */
    @GET
    @Path("{customer_id}")
    @Operation(summary = "Read a customer's profile",
            description = "Relayed to the profile projector with the caller's credentials and query string "
                    + "(?after=<consistency token> waits for a write; ?as_of=<ISO-8601 instant> answers the profile "
                    + "as it stood then; ?as_of_position=<a workflow run's history position> as the run saw it).")
    @APIResponse(responseCode = "200", description = "The profile, as the projector answers it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
            description = "ProfileView in profile-projector's OpenAPI document")))
    @Extension(name = SharedResponses.EXTENSION, value = "projector-read")
    public CompletionStage<Response> read(@Context final ContainerRequestContext request) {
        return projector.forward(request);
    }

    /** Blocking: the projector's stream is passed on as it arrives, by a worker thread, never held whole. */
    @GET
    @Path("export")
    @Blocking
    @Produces({"application/x-ndjson", MediaType.APPLICATION_JSON})
    @Operation(summary = "Export every customer of the workspace",
            description = "JSON lines, one profile a line, streamed from the profile projector with the caller's credentials; "
                    + "a last line {\"error\",\"resume_cursor\"} if the projector could not read a page.")
    @APIResponse(responseCode = "200", description = "One profile per line",
            content = @Content(mediaType = "application/x-ndjson", schema = @Schema(type = SchemaType.STRING,
            description = "ProfileView JSON objects, one a line")))
    @APIResponse(responseCode = "429", description = "As many exports as the projector runs at once are running")
    @Extension(name = SharedResponses.EXTENSION, value = "projector-read")
    public Response export(@Context final ContainerRequestContext request) {
        return projector.stream(request);
    }

    /** Not blocking: relayed like the profile. */
    @GET
    @Path("{customer_id}/history")
    @Operation(summary = "Read a customer's history",
            description = "Every change of the profile, newest first, in pages (?attribute=&from=&to=&cursor=&limit=); "
                    + "relayed to the profile projector with the caller's credentials and query string.")
    @APIResponse(responseCode = "200", description = "A page of history entries, as the projector answers it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
            description = "HistoryView in profile-projector's OpenAPI document")))
    @APIResponse(responseCode = "400", description = "A malformed instant, limit or cursor")
    @APIResponse(responseCode = "404", description = "No such customer")
    @Extension(name = SharedResponses.EXTENSION, value = "projector-read")
    public CompletionStage<Response> history(@Context final ContainerRequestContext request) {
        return projector.forward(request);
    }

    /** Not blocking: relayed like the profile. */
    @GET
    @Path("{customer_id}/segments")
    @Operation(summary = "The segments a customer is in",
            description = "Relayed to the profile projector with the caller's credentials and query string.")
    @APIResponse(responseCode = "200", description = "The customer's segments, as the projector answers them",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
            description = "OfCustomer in profile-projector's OpenAPI document")))
    @APIResponse(responseCode = "404", description = "No such customer")
    @Extension(name = SharedResponses.EXTENSION, value = "projector-read")
    public CompletionStage<Response> segments(@Context final ContainerRequestContext request) {
        return projector.forward(request);
    }

    @GET
    @Operation(summary = "Read the profile holding an email or a phone",
            description = "GET /customers?email=… or ?phone=… (exactly one; + as %2B), relayed to the profile projector.")
    @APIResponse(responseCode = "200", description = "The profile, as the projector answers it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
            description = "ProfileView in profile-projector's OpenAPI document")))
    @APIResponse(responseCode = "400", description = "Neither or both; a phone not in E.164 form")
    @APIResponse(responseCode = "404", description = "No profile holds it")
    @Extension(name = SharedResponses.EXTENSION, value = "projector-read")
    public CompletionStage<Response> readByIdentifier(@Context final ContainerRequestContext request) {
        return projector.forward(request);
    }

    /** Not blocking: relayed like the reads; the projector checks the admin credential. */
    @POST
    @Path("{customer_id}/merges/{merge_id}/undo")
    @Operation(summary = "Undo a customer's latest merge",
            description = "Workspace admin; relayed to the profile projector (202, 404, 409 as it answers).")
    @APIResponse(responseCode = "202", description = "{\"customer_id\",\"merge_id\",\"consistency_token\"}")
    @Extension(name = SharedResponses.EXTENSION, value = "projector-read")
    public CompletionStage<Response> undoMerge(@Context final ContainerRequestContext request) {
        return projector.forward(request);
    }

}
