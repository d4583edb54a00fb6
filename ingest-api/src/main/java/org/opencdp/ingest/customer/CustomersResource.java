package org.opencdp.ingest.customer;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;
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
import org.opencdp.ingest.command.CommandOrigin;
import org.opencdp.ingest.json.JsonBody;
import org.opencdp.ingest.publish.CommandPublisher;
import org.opencdp.ingest.publish.WriteReplies;
import org.opencdp.ingest.retainly.DetailBody;
import org.opencdp.ingest.value.Limits;
import org.opencdp.platform.access.Caller;
import org.opencdp.platform.access.Scope;
import org.opencdp.platform.http.RequestIdFilter;

/** Retainly {@code POST /customers}: upserts customers by {@code id}, one command per customer. */
@Path("/customers")
@Tag(name = "Retainly")
public class CustomersResource {

    static final String ROUTE = "POST /customers";

    private final Gate gate;
    private final CommandPublisher publisher;
    private final WriteReplies replies;
    private final CustomerBatchReader reader = new CustomerBatchReader(Limits.DEFAULTS);

    @Inject
    public CustomersResource(final Gate gate, final CommandPublisher publisher, final WriteReplies replies) {
        this.gate = gate;
        this.publisher = publisher;
        this.replies = replies;
    }

    /**
     * Blocking on purpose: parsing a body of up to the configured size and handing records to the producer
     * (which may wait for metadata) must not run on the event loop. The answer itself waits for Kafka's
     * acknowledgements without holding the worker thread.
     */
    @POST
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or update customers",
            description = "Upserts 1 to 10,000 customers by id. Answers once Kafka has acknowledged every command.")
    @RequestBody(required = true, description = "{\"customers\":[{\"id\":1,\"field\":\"value\"}]}")
    @APIResponse(responseCode = "200", description = "Every customer is in the command log (a JSON string); "
            + "X-Consistency-Token names the positions written")
    @APIResponse(responseCode = "400", description = "Malformed JSON ({\"detail\":[…]})")
    @APIResponse(responseCode = "403", description = "{\"message\":\"forbidden\"}")
    @APIResponse(responseCode = "413", description = "Body over quarkus.http.limits.max-body-size")
    @APIResponse(responseCode = "422", description = "{\"detail\":[{\"loc\":[…],\"msg\":…,\"type\":…}]}, "
            + "every violation; nothing applied")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time; see Retry-After")
    public CompletionStage<Response> upsert(@Context final HttpHeaders headers,
                                            @Context final ContainerRequestContext request,
                                            final InputStream body) {
        final Caller caller = gate.admit(headers, Scope.CUSTOMERS_WRITE, AuthFailure.RETAINLY);
        final String requestId = RequestIdFilter.requestId(request);
        final JsonBody.Parsed parsed = JsonBody.parse(body);
        if (parsed.isMalformed()) {
            return answer(Response.status(Response.Status.BAD_REQUEST).entity(DetailBody.of(parsed.malformed())));
        }
        final CustomerBatch batch = reader.read(parsed.json());
        if (!batch.isValid()) {
            return answer(Response.status(422).entity(DetailBody.of(batch.violations())));
        }
        final CommandOrigin origin = new CommandOrigin(caller.workspaceId(), requestId, ROUTE, ApiFamily.RETAINLY,
                Instant.now());
        final List<CustomerCommand> commands = commands(origin, batch.customers());
        final String accepted = JsonBody.quoted("Accepted " + commands.size()
                + (commands.size() == 1 ? " customer" : " customers"));
        return replies.afterPublishing(publisher.publish(commands), requestId,
                () -> Response.ok(accepted, MediaType.APPLICATION_JSON_TYPE));
    }

    static List<CustomerCommand> commands(final CommandOrigin origin, final List<CustomerUpsert> customers) {
        final List<CustomerCommand> commands = new ArrayList<>(customers.size());
        for (int i = 0; i < customers.size(); i++) {
            final CustomerUpsert customer = customers.get(i);
            commands.add(origin.upsertAttributes(i, customer.customerId(), customer.attributes()));
        }
        return commands;
    }

    private static CompletionStage<Response> answer(final Response.ResponseBuilder response) {
        return CompletableFuture.completedFuture(response.type(MediaType.APPLICATION_JSON_TYPE).build());
    }
}
