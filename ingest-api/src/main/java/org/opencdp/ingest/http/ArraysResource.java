package org.opencdp.ingest.http;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.common.annotation.NonBlocking;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencdp.avro.ApiFamily;
import org.opencdp.ingest.array.ArrayRecordsReader;
import org.opencdp.ingest.value.Batch;
import org.opencdp.schemas.values.Limits;
import org.opencdp.platform.access.Scope;

/**
 * Retainly {@code POST /arrays} and {@code DELETE /arrays}: single items of customers' array fields, one
 * command per record. Both change a customer (neither deletes one), so both need {@code customers:write}. Both
 * called on the event loop, and written there or on a worker thread, as {@code POST /customers} is.
 */
@Path("/arrays")
@Tag(name = "Retainly")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class ArraysResource {

    private static final CommandWrites.Route UPSERT_ROUTE =
            CommandWrites.Route.of(ApiFamily.RETAINLY, "POST /arrays", Scope.CUSTOMERS_WRITE);
    private static final CommandWrites.Route DELETE_ROUTE =
            CommandWrites.Route.of(ApiFamily.RETAINLY, "DELETE /arrays", Scope.CUSTOMERS_WRITE);
    private static final String WRITTEN = "Every record is in the command log (a JSON string); "
            + "X-Consistency-Token names the positions written";

    private final CommandWrites writes;
    private final ArrayRecordsReader reader = new ArrayRecordsReader(Limits.DEFAULTS);

    @Inject
    public ArraysResource(final CommandWrites writes) {
        this.writes = writes;
    }

    @POST
    @Operation(summary = "Create or update customers' array items",
            description = "An item with an id replaces the item with that id, or is appended; an item without id "
                    + "is appended. A missing customer is created.")
    @RequestBody(required = true,
            description = "{\"records\":[{\"customer_id\":1,\"field\":\"purchases\",\"data\":[{\"id\":1,\"amount\":123}]}]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestBodies.ArrayItems.class)))
    @APIResponse(responseCode = "200", description = WRITTEN,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @Extension(name = SharedResponses.EXTENSION, value = "retainly-write")
    public CompletionStage<Response> upsert(@Context final ContainerRequestContext request, final byte[] body) {
        return write(UPSERT_ROUTE, request, body, reader::upserts, (origin, i, record) ->
                origin.upsertArrayItems(i, record.customerId(), record.field(), record.items()));
    }

    /** A missing customer, field or item is not an error. */
    @DELETE
    @Operation(summary = "Delete customers' array items",
            description = "Removes the items with the given ids; a missing customer, field or item is not an error.")
    @RequestBody(required = true, description = "{\"records\":[{\"customer_id\":1,\"field\":\"purchases\",\"ids\":[1,2]}]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestBodies.ArrayItemIds.class)))
    @APIResponse(responseCode = "200", description = WRITTEN,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @Extension(name = SharedResponses.EXTENSION, value = "retainly-write")
    public CompletionStage<Response> delete(@Context final ContainerRequestContext request, final byte[] body) {
        return write(DELETE_ROUTE, request, body, reader::deletions, (origin, i, record) ->
                origin.deleteArrayItems(i, record.customerId(), record.field(), record.itemIds()));
    }

    /** Both routes: one command per record, "Accepted N records". */
    private <T> CompletionStage<Response> write(final CommandWrites.Route route, final ContainerRequestContext request,
                                                final byte[] body, final Function<JsonNode, Batch<T>> read,
                                                final CommandWrites.PerItem<T> command) {
        return writes.write(route, request, body, read, CommandWrites.each(command), Accepted.per("record"));
    }

}
