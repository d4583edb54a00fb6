package org.opencdp.ingest.http;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CatalogCommand;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.IdentifyRequest;
import org.opencdp.avro.IdentityCommand;
import org.opencdp.ingest.access.AuthFailure;
import org.opencdp.ingest.access.Gate;
import org.opencdp.ingest.command.CommandOrigin;
import org.opencdp.ingest.idempotency.WriteRequest;
import org.opencdp.ingest.publish.CatalogPublisher;
import org.opencdp.ingest.publish.CommandPublisher;
import org.opencdp.ingest.publish.IdentityPublisher;
import org.opencdp.ingest.publish.PublishSettings;
import org.opencdp.ingest.publish.WriteReplies;
import org.opencdp.ingest.json.JsonBody;
import org.opencdp.ingest.value.Batch;
import org.opencdp.ingest.value.ReadBody;
import org.opencdp.schemas.values.Violation;
import org.opencdp.platform.access.Caller;
import org.opencdp.platform.access.Scope;

/**
 * What every command-writing route does: admit its caller (credentials and scopes, refused in the route
 * family's way), identify the request (idempotency key), parse the body, validate all of it (a 400 or 422 in
 * the route's format publishes nothing), turn it into commands, publish them and answer after Kafka has
 * acknowledged every one. A route states only its {@link Route}, its reader, its commands and its answer. A
 * route that must check more before it publishes (against the workspace's state) opens the write with
 * {@link #open} and publishes with {@link #publish}, {@link #identify} or {@link #publishCatalog}.
 */
@ApplicationScoped
public class CommandWrites {

    /**
     * A command-writing route: the name stamped on its commands (and hashed into derived request ids), its
     * API family and error format, the scopes its caller needs every one of and how a refused caller is
     * answered, and whether its JSON may carry numbers with leading zeros (the Retainly DELETE example does).
     */
    public record Route(String name, ApiFamily family, ErrorFormat errors, Set<Scope> scopes, AuthFailure refusal,
                        boolean leadingZeros) {

        /**
         * A route of {@code family} for callers holding every one of {@code scopes}, refusing callers and bodies
         * as its family does: Retainly with the seed's 403 and {@code {"detail":[…]}}, the others with a
         * bearer token's 401/403 and their family's error format.
         */
        public static Route of(final ApiFamily family, final String name, final Scope... scopes) {
            return switch (family) {
                case RETAINLY -> new Route(name, family, ErrorFormat.RETAINLY, Set.of(scopes), AuthFailure.RETAINLY, false);
                case ATTENTIVE -> new Route(name, family, ErrorFormat.ATTENTIVE, Set.of(scopes), AuthFailure.BEARER, false);
                case RETENTLY, UPSTREAM ->
                        new Route(name, family, ErrorFormat.FIELD_ERRORS, Set.of(scopes), AuthFailure.BEARER, false);
            };
        }

        /** This route, reading numbers with leading zeros as the number they spell. */
        public Route allowingLeadingZeros() {
            return new Route(name, family, errors, scopes, refusal, true);
        }
    }

    /**
     * A write opened and its body read: the body, valid, or the answer refusing it (400 or 422, nothing
     * published).
     */
    public record Opened<R>(WriteRequest write, Caller caller, Route route, R body, Response refusal) {

        /** The origin stamped on this write's commands. */
        public CommandOrigin origin() {
            return origin(route.name());
        }

        /** The origin stamped on this write's commands, naming the route {@code routeName} (e.g. a path template). */
        public CommandOrigin origin(final String routeName) {
            return write.origin(caller.workspaceId(), routeName, route.family());
        }

        /** {@code valid} applied to this write, or its refusal when the body is not valid. */
        public CompletionStage<Response> then(final Function<Opened<R>, CompletionStage<Response>> valid) {
            return refusal != null ? CompletableFuture.completedFuture(refusal) : valid.apply(this);
        }

        /** The refusal of a valid body that breaks a rule of the workspace's state, in the route's format. */
        public CompletionStage<Response> refuse(final List<Violation> violations) {
            return CompletableFuture.completedFuture(route.errors().invalid(violations));
        }
    }

    /** The command of one item of a batch, given its index among the request's commands. */
    @FunctionalInterface
    public interface PerItem<T> {
        CustomerCommand of(CommandOrigin origin, int index, T item);
    }

    /** One command per item of a batch, in the batch's order: what most batch routes publish. */
    public static <T> BiFunction<CommandOrigin, Batch<T>, List<CustomerCommand>> each(final PerItem<T> command) {
        return (origin, batch) -> {
            final List<CustomerCommand> commands = new ArrayList<>(batch.items().size());
            for (final T item : batch.items()) {
                commands.add(command.of(origin, commands.size(), item));
            }
            return commands;
        };
    }

    private final Gate gate;
    private final WriteRequests writes;
    private final CommandPublisher publisher;
    private final IdentityPublisher identities;
    private final CatalogPublisher catalog;
    private final WriteReplies replies;
    private final int eventLoopBodyBytes;

    @Inject
    public CommandWrites(final Gate gate, final WriteRequests writes, final CommandPublisher publisher,
                         final IdentityPublisher identities, final CatalogPublisher catalog,
                         final WriteReplies replies, final PublishSettings settings) {
        this.gate = gate;
        this.writes = writes;
        this.publisher = publisher;
        this.identities = identities;
        this.catalog = catalog;
        this.replies = replies;
        this.eventLoopBodyBytes = settings.eventLoopBodyBytes();
    }

    /**
     * The whole write of a route that publishes to customer-commands, called on the event loop with its body read
     * whole ({@code byte[]}, bounded by {@code quarkus.http.limits.max-body-size}). A body of at most
     * {@code cdp.ingest.publish.event-loop-body-bytes} is written right there while the producer takes records
     * without blocking
     * ({@link CommandPublisher#takesWithoutBlocking}): no hop to a worker thread and back. Any other (a large
     * batch, whose parsing would hold the loop; the first writes after a start or a quiet spell, which may wait
     * for metadata or the registry; a buffer filling during an outage) goes to a worker thread, as a blocking
     * route would.
     *
     * @param reader   reads the parsed body completely, every violation included
     * @param commands the commands of a valid body, in the order they must apply
     * @param success  the 2xx answer, given the published commands
     */
    public <R extends ReadBody> CompletionStage<Response> write(
            final Route route, final ContainerRequestContext request, final byte[] body,
            final Function<JsonNode, R> reader, final BiFunction<CommandOrigin, R, List<CustomerCommand>> commands,
            final Function<List<CustomerCommand>, Response.ResponseBuilder> success) {
        final Supplier<CompletionStage<Response>> write = () -> answered(() ->
                open(route, request, body, reader).then(opened -> {
                    final List<CustomerCommand> published = commands.apply(opened.origin(), opened.body());
                    return publish(opened, published, () -> success.apply(published));
                }));
        final Context context = Vertx.currentContext();
        if (context == null || !Context.isOnEventLoopThread()
                || (body.length <= eventLoopBodyBytes && publisher.takesWithoutBlocking())) {
            return write.get();
        }
        // On a worker thread of the request's own context: its trace and request scope go with it.
        return context.executeBlocking(write::get, false).toCompletionStage().thenCompose(Function.identity());
    }

    /** {@code write}'s answer, a refusal thrown on the way (credentials, idempotency key) included. */
    private static CompletionStage<Response> answered(final Supplier<CompletionStage<Response>> write) {
        try {
            return write.get();
        } catch (WebApplicationException refused) {
            return CompletableFuture.completedFuture(refused.getResponse());
        }
    }

    /**
     * Admits the caller, identifies the request (idempotency key), parses its body and reads it whole with
     * {@code reader}.
     */
    public <R extends ReadBody> Opened<R> open(final Route route, final ContainerRequestContext request,
                                              final InputStream body, final Function<JsonNode, R> reader) {
        final Opened<Void> opened = openUnread(route, request, body);
        return open(route, opened.write(), opened.caller(), reader);
    }

    /** As {@link #open(Route, ContainerRequestContext, InputStream, Function)}, for a body read whole. */
    private <R extends ReadBody> Opened<R> open(final Route route, final ContainerRequestContext request,
                                               final byte[] body, final Function<JsonNode, R> reader) {
        final Caller caller = gate.admit(request, route.scopes(), route.refusal());
        return open(route, writes.open(request, caller, route.name(), body, route.errors()), caller, reader);
    }

    private static <R extends ReadBody> Opened<R> open(final Route route, final WriteRequest write, final Caller caller,
                                                       final Function<JsonNode, R> reader) {
        final JsonBody.Parsed parsed = route.leadingZeros()
                ? JsonBody.parseAllowingLeadingZeros(write.body())
                : JsonBody.parse(write.body());
        if (parsed.isMalformed()) {
            return new Opened<>(write, caller, route, null, route.errors().malformed(parsed.malformed()));
        }
        final R read = reader.apply(parsed.json());
        return new Opened<>(write, caller, route, read, read.isValid() ? null : route.errors().invalid(read.violations()));
    }

    /**
     * Admits the caller and identifies a request whose body the route does not read (its refusals come from
     * elsewhere). A refused caller or {@code Idempotency-Key} ends the request here, before its body is parsed.
     */
    public Opened<Void> openUnread(final Route route, final ContainerRequestContext request, final InputStream body) {
        final Caller caller = gate.admit(request, route.scopes(), route.refusal());
        return new Opened<>(writes.open(request, caller, route.name(), body, route.errors()), caller, route, null, null);
    }

    /** Publishes {@code commands} of an opened write to customer-commands; answers after Kafka acknowledged them. */
    public CompletionStage<Response> publish(final Opened<?> opened, final List<CustomerCommand> commands,
                                             final Supplier<Response.ResponseBuilder> success) {
        return replies.afterPublishing(publisher.publish(commands), opened.write().requestId(), success);
    }

    /**
     * Publishes an opened write as one identity request to identity-commands (the projector resolves its
     * identifiers to one profile, then applies its commands); answers after Kafka acknowledged it.
     */
    public CompletionStage<Response> identify(final Opened<?> opened, final CommandOrigin origin,
                                              final IdentifyRequest identify,
                                              final Supplier<Response.ResponseBuilder> success) {
        final WriteRequest write = opened.write();
        final IdentityCommand command = new IdentityCommand(write.writeId() + "/0", opened.caller().workspaceId(),
                write.requestId(), origin.timestamp(), opened.route().name(), identify);
        return replies.afterIdentifying(identities.publish(List.of(command)), write.requestId(), success);
    }

    /**
     * Publishes an opened write's catalog command to catalog-commands; answers 200 with {@code answer} (JSON)
     * after Kafka acknowledged it.
     */
    public CompletionStage<Response> publishCatalog(final Opened<?> opened, final CatalogCommand command,
                                                    final Object answer) {
        return replies.afterAcknowledged(catalog.publish(command), opened.write().requestId(),
                () -> Response.ok(answer, MediaType.APPLICATION_JSON_TYPE));
    }
}
