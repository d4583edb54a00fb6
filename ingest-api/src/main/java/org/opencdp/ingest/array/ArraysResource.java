package org.opencdp.ingest.array;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

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

import io.smallrye.common.annotation.Blocking;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.ingest.access.AuthFailure;
import org.opencdp.ingest.access.Gate;
import org.opencdp.ingest.errors.ErrorFormat;
import org.opencdp.ingest.publish.CommandWrites;
import org.opencdp.ingest.retainly.Accepted;
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
    @APIResponse(responseCode = "400", description = "Malformed JSON ({\"detail\":[…]})")
    @APIResponse(responseCode = "403", description = "{\"message\":\"forbidden\"}")
    @APIResponse(responseCode = "422", description = "{\"detail\":[…]}, every violation; nothing applied")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time; see Retry-After")
    public CompletionStage<Response> upsert(@Context final HttpHeaders headers,
                                            @Context final ContainerRequestContext request,
                                            final InputStream body) {
        final Caller caller = gate.admit(headers, Scope.CUSTOMERS_WRITE, AuthFailure.RETAINLY);
        return writes.write(request, caller, body, UPSERT_ROUTE, reader::upserts, (origin, records) -> {
            final List<CustomerCommand> commands = new ArrayList<>(records.items().size());
            for (final ArrayItemsUpsert record : records.items()) {
                commands.add(origin.upsertArrayItems(commands.size(), record.customerId(), record.field(), record.items()));
            }
            return commands;
        }, commands -> Accepted.answer(commands.size(), "record"));
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
    @APIResponse(responseCode = "400", description = "Malformed JSON ({\"detail\":[…]})")
    @APIResponse(responseCode = "403", description = "{\"message\":\"forbidden\"}")
    @APIResponse(responseCode = "422", description = "{\"detail\":[…]}, every violation; nothing applied")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time; see Retry-After")
    public CompletionStage<Response> delete(@Context final HttpHeaders headers,
                                            @Context final ContainerRequestContext request,
                                            final InputStream body) {
        final Caller caller = gate.admit(headers, Scope.CUSTOMERS_WRITE, AuthFailure.RETAINLY);
        return writes.write(request, caller, body, DELETE_ROUTE, reader::deletions, (origin, records) -> {
            final List<CustomerCommand> commands = new ArrayList<>(records.items().size());
            for (final ArrayItemsDeletion record : records.items()) {
                commands.add(origin.deleteArrayItems(commands.size(), record.customerId(), record.field(), record.itemIds()));
            }
            return commands;
        }, commands -> Accepted.answer(commands.size(), "record"));
    }

}
