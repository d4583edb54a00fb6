package org.opencdp.projector.query;

import java.util.Map;
import java.util.function.Function;

import jakarta.ws.rs.core.Response;

import org.opencdp.platform.http.ErrorBody;

/**
 * The answer to an interactive query, from this instance or from the one that holds the data.
 *
 * @param <T> what this instance's own store answers
 */
sealed interface Answer<T> {

    /** Seconds a client should wait before asking again while the projector starts, rebalances or catches up. */
    String RETRY_AFTER_SECONDS = "1";

    /** This instance's store answered. */
    record Local<T>(T value) implements Answer<T> {
    }

    /**
     * The instance holding the data answered over HTTP; passed on as it came, with the headers that matter
     * to the caller (which instance served it, Retry-After).
     */
    record Relayed<T>(int status, String contentType, String body, Map<String, String> headers) implements Answer<T> {

        public Relayed {
            headers = Map.copyOf(headers);
        }
    }

    /** No instance could answer within the tries allowed (starting, rebalancing, restoring). */
    record Unavailable<T>(String reason) implements Answer<T> {
    }

    /** The store did not reach the consistency token's position within the wait. */
    record NotCaughtUp<T>(String reason) implements Answer<T> {
    }

    /** The consistency token cannot name a write: a partition that does not exist, an offset not yet written. */
    record ImpossibleToken<T>(String message) implements Answer<T> {
    }

    /**
     * The HTTP answer: {@code local} renders this instance's own result, every other case is answered the
     * same way for every query.
     */
    default Response.ResponseBuilder toResponse(final String self, final String requestId,
                                                final Function<T, Response.ResponseBuilder> local) {
        return switch (this) {
            case Local<T> answer -> local.apply(answer.value()).header(QueryForwarder.SERVED_BY, self);
            case Relayed<T> relayed -> {
                final Response.ResponseBuilder response = Response.status(relayed.status()).type(relayed.contentType())
                        .entity(relayed.body());
                relayed.headers().forEach(response::header);
                yield response;
            }
            case Unavailable<T> ignored -> Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .header("Retry-After", RETRY_AFTER_SECONDS)
                    .entity(new ErrorBody("not available right now (the projector is starting or rebalancing); retry", requestId));
            case NotCaughtUp<T> ignored -> Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .header("Retry-After", RETRY_AFTER_SECONDS)
                    .header(QueryForwarder.NOT_CAUGHT_UP, "true")
                    .header(QueryForwarder.SERVED_BY, self)
                    .entity(new ErrorBody("the write named by the consistency token is not visible yet", requestId));
            case ImpossibleToken<T> impossible -> Response.status(Response.Status.BAD_REQUEST)
                    .entity(new ErrorBody(impossible.message(), requestId)).header(QueryForwarder.SERVED_BY, self);
        };
    }
}
