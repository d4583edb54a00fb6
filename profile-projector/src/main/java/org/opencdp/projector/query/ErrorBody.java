package org.opencdp.projector.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code {"message":"...","request_id":"..."}}; auth failures carry the message alone. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String message, @JsonProperty("request_id") String requestId) {

    public static ErrorBody of(final String message) {
        return new ErrorBody(message, null);
    }
}
