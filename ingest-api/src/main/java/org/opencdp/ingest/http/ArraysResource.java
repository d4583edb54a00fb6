package org.opencdp.ingest.http;

import java.io.InputStream;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.common.annotation.Blocking;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencdp.avro.ApiFamily;
import org.opencdp.ingest.access.AuthFailure;
import org.opencdp.ingest.access.Gate;
import org.opencdp.ingest.array.ArrayRecordsReader;
import org.opencdp.ingest.value.Batch;
import org.opencdp.schemas.values.Limits;
import org.opencdp.platform.access.Caller;
import org.opencdp.platform.access.Scope;

/**
 * Retainly {@code POST /arrays} and {@code DELETE /arrays}: single items of customers' array fields, one
 * command per record. Both change a customer (neither deletes one), so both need {@code customers:write}.
 */
@Path("/arrays")
@Tag(name = "Retainly")
public class ArraysResource {

    private static final CommandWrites.Route UPSERT_ROUTE =
            new CommandWrites.Route("POST /arrays", ApiFamily.RETAINLY, ErrorFormat.RETAINLY);
    private static final CommandWrites.Route DELETE_ROUTE =
            new CommandWrites.Route("DELETE /arrays", ApiFamily.RETAINLY, ErrorFormat.RETAINLY);

    private final Gate gate;
    private final CommandWrites writes;
    private final ArrayRecordsReader reader = new ArrayRecordsReader(Limits.DEFAULTS);

    @Inject
    public ArraysResource(final Gate gate, final CommandWrites writes) {
        this.gate = gate;
        this.writes = writes;
    }

    /** Blocking for the same reason as {@code POST /customers}: parsing and handing over to the producer. */
    @POST
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or update customers' array items",
            description = "An item with an id replaces the item with that id, or is appended; an item without id "
                    + "is appended. A missing customer is created.")
    @RequestBody(required = true,
            description = "{\"records\":[{\"customer_id\":1,\"field\":\"purchases\",\"data\":[{\"id\":1,\"amount\":123}]}]}")
    @APIResponse(responseCode = "200", description = "Every record is in the command log (a JSON string); "
            + "X-Consistency-Token names the positions written")
    @Extension(name = SharedResponses.EXTENSION, value = "retainly-write")
    public CompletionStage<Response> upsert(@Context final HttpHeaders headers,
                                            @Context final ContainerRequestContext request,
                                            final InputStream body) {
        return write(headers, request, body, UPSERT_ROUTE, reader::upserts, (origin, i, record) ->
                origin.upsertArrayItems(i, record.customerId(), record.field(), record.items()));
    }

    /** Blocking like {@link #upsert}. A missing customer, field or item is not an error. */
    @DELETE
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Delete customers' array items",
            description = "Removes the items with the given ids; a missing customer, field or item is not an error.")
    @RequestBody(required = true, description = "{\"records\":[{\"customer_id\":1,\"field\":\"purchases\",\"ids\":[1,2]}]}")
    @APIResponse(responseCode = "200", description = "Every record is in the command log (a JSON string); "
            + "X-Consistency-Token names the positions written")
    @Extension(name = SharedResponses.EXTENSION, value = "retainly-write")
    public CompletionStage<Response> delete(@Context final HttpHeaders headers,
                                            @Context final ContainerRequestContext request,
                                            final InputStream body) {
        return write(headers, request, body, DELETE_ROUTE, reader::deletions, (origin, i, record) ->
                origin.deleteArrayItems(i, record.customerId(), record.field(), record.itemIds()));
    }

    /** Both routes: {@code customers:write}, one command per record, "Accepted N records". */
    private <T> CompletionStage<Response> write(final HttpHeaders headers, final ContainerRequestContext request,
                                                final InputStream body, final CommandWrites.Route route,
                                                final Function<JsonNode, Batch<T>> read,
                                                final CommandWrites.PerItem<T> command) {
        final Caller caller = gate.admit(headers, Scope.CUSTOMERS_WRITE, AuthFailure.RETAINLY);
        return writes.write(request, caller, body, route, read, CommandWrites.each(command),
                commands -> Accepted.answer(commands.size(), "record"));
    }

}
