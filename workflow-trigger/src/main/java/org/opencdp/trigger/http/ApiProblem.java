package org.opencdp.trigger.http;

/**
 * A request the API refuses, with the status and message to answer. Authentication failures answer
 * the bare {@code {"message":"unauthorized"}} / {@code {"message":"forbidden"}} of the bearer-family
 * routes; every other problem also carries the request id.
 */
public final class ApiProblem extends RuntimeException {

    private final int status;
    private final boolean authentication;

    private ApiProblem(final int status, final String message, final boolean authentication) {
        super(message);
        this.status = status;
        this.authentication = authentication;
    }

    public static ApiProblem badRequest(final String message) {
        return new ApiProblem(400, message, false);
    }

    public static ApiProblem notFound(final String message) {
        return new ApiProblem(404, message, false);
    }

    public static ApiProblem unauthorized() {
        return new ApiProblem(401, "unauthorized", true);
    }

    public static ApiProblem forbidden() {
        return new ApiProblem(403, "forbidden", true);
    }

    public int status() {
        return status;
    }

    public boolean authentication() {
        return authentication;
    }
}
