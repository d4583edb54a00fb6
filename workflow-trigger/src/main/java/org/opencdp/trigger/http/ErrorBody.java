package org.opencdp.trigger.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The error answer of the non-Retainly routes; authentication failures have no request id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String message, String requestId) {
}
