package org.opencdp.projector.http;

import java.util.function.Function;

import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

import org.opencdp.platform.query.Answer;
import org.opencdp.platform.query.QueryForwarder;
import org.opencdp.platform.http.ErrorBody;

/** How the projector answers an interactive query over HTTP. */
final class Answers {

    private Answers() {
    }

    /**
     * The HTTP answer: {@code local} renders this instance's own result, every other case is answered the
     * same way for every query.
     */
    static <T> Response.ResponseBuilder toResponse(final Answer<T> answer, final String self, final String requestId,
                                                   final Function<T, Response.ResponseBuilder> local) {
        return switch (answer) {
            case Answer.Local<T> found -> local.apply(found.value()).header(QueryForwarder.SERVED_BY, self);
            case Answer.Relayed<T> relayed -> {
                final Response.ResponseBuilder response = Response.status(relayed.status()).type(relayed.contentType())
                        .entity(relayed.body());
                relayed.headers().forEach(response::header);
                yield response;
            }
            case Answer.Unavailable<T> ignored -> Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .header("Retry-After", Answer.RETRY_AFTER_SECONDS)
                    .entity(new ErrorBody("not available right now (the projector is starting or rebalancing); retry", requestId));
            case Answer.NotCaughtUp<T> ignored -> Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .header("Retry-After", Answer.RETRY_AFTER_SECONDS)
                    .header(QueryForwarder.NOT_CAUGHT_UP, "true")
                    .header(QueryForwarder.SERVED_BY, self)
                    .entity(new ErrorBody("the write named by the consistency token is not visible yet", requestId));
            case Answer.ImpossibleToken<T> impossible -> Response.status(Response.Status.BAD_REQUEST)
                    .entity(new ErrorBody(impossible.message(), requestId)).header(QueryForwarder.SERVED_BY, self);
        };
    }

    /** An answer known at once, without a query. */
    static Uni<Response> now(final Response.ResponseBuilder response) {
        return Uni.createFrom().item(response.build());
    }
}
