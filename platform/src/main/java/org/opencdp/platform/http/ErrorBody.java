package org.opencdp.platform.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code {"message":"...","request_id":"..."}}: the one error body of every service's routes that have no
 * seed format of their own (ingest-api's Retainly and Retently families keep theirs, see its
 * {@code ErrorFormat}), and of every 503; authentication failures carry the message alone
 * ({@code {"message":"forbidden"}}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String message, @JsonProperty("request_id") String requestId) {

    /** A body without a request id: the bare answer of a refused credential. */
    public static ErrorBody of(final String message) {
        return new ErrorBody(message, null);
    }
}
