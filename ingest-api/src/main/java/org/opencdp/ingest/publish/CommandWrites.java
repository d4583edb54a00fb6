package org.opencdp.ingest.publish;

import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.ingest.command.CommandOrigin;
import org.opencdp.ingest.errors.ErrorFormat;
import org.opencdp.ingest.idempotency.WriteRequest;
import org.opencdp.ingest.idempotency.WriteRequests;
import org.opencdp.ingest.json.JsonBody;
import org.opencdp.ingest.value.ReadBody;
import org.opencdp.platform.access.Caller;

/**
 * What every command-writing route does once its caller is admitted: identify the request (idempotency
 * key), parse the body, validate all of it (a 400 or 422 in the route's format publishes nothing), turn
 * it into commands, publish them and answer after Kafka has acknowledged every one.
 */
@ApplicationScoped
public class CommandWrites {

    /**
     * A command-writing route: the name stamped on its commands (and hashed into derived request ids), its
     * API family and error format, and whether its JSON may carry numbers with leading zeros (the Retainly
     * DELETE example does).
     */
    public record Route(String name, ApiFamily family, ErrorFormat errors, boolean leadingZeros) {

        public Route(final String name, final ApiFamily family, final ErrorFormat errors) {
            this(name, family, errors, false);
        }
    }

    private final WriteRequests writes;
    private final CommandPublisher publisher;
    private final WriteReplies replies;

    @Inject
    public CommandWrites(final WriteRequests writes, final CommandPublisher publisher, final WriteReplies replies) {
        this.writes = writes;
        this.publisher = publisher;
        this.replies = replies;
    }

    /**
     * @param reader   reads the parsed body completely, every violation included
     * @param commands the commands of a valid body, in the order they must apply
     * @param success  the 2xx answer, given the published commands
     */
    public <R extends ReadBody> CompletionStage<Response> write(
            final ContainerRequestContext request, final Caller caller, final InputStream body, final Route route,
            final Function<JsonNode, R> reader, final BiFunction<CommandOrigin, R, List<CustomerCommand>> commands,
            final Function<List<CustomerCommand>, Response.ResponseBuilder> success) {
        final WriteRequest write = writes.open(request, caller, route.name(), body, route.errors());
        final JsonBody.Parsed parsed = route.leadingZeros()
                ? JsonBody.parseAllowingLeadingZeros(write.body())
                : JsonBody.parse(write.body());
        if (parsed.isMalformed()) {
            return CompletableFuture.completedFuture(route.errors().malformed(parsed.malformed()));
        }
        final R read = reader.apply(parsed.json());
        if (!read.isValid()) {
            return CompletableFuture.completedFuture(route.errors().invalid(read.violations()));
        }
        final List<CustomerCommand> published =
                commands.apply(write.origin(caller.workspaceId(), route.name(), route.family()), read);
        return replies.afterPublishing(publisher.publish(published), write.requestId(), () -> success.apply(published));
    }
}
