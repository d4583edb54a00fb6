package org.opencdp.ingest.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code {"message":"...","request_id":"..."}}: the error body of non-Retainly routes and of 503s; auth
 * failures carry the message alone ({@code {"message":"forbidden"}}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorMessage(String message, @JsonProperty("request_id") String requestId) {

    public static ErrorMessage of(final String message) {
        return new ErrorMessage(message, null);
    }
}
