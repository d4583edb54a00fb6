package org.opencdp.ingest.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.opencdp.ingest.idempotency.DerivedRequestIdFilter;
import org.opencdp.ingest.idempotency.IdempotencyKey;
import org.opencdp.ingest.idempotency.WriteRequest;
import org.opencdp.ingest.json.MalformedJson;
import org.opencdp.platform.access.Caller;
import org.opencdp.platform.http.RequestIdFilter;

/**
 * The one place every write route identifies its request: reads the body, checks the
 * {@code Idempotency-Key} header and, when there is one, derives the request id from it
 * ({@link IdempotencyKey#requestId}) and answers that id in {@code X-Request-Id} ({@link DerivedRequestIdFilter}).
 * Like the gate, a refused header ends the request here, in the route family's error format.
 */
@ApplicationScoped
public class WriteRequests {

    /**
     * @param target the method and path the request addressed, e.g. {@code "POST /customers"} or
     *               {@code "PUT /properties/plan"}
     */
    public WriteRequest open(final ContainerRequestContext request, final Caller caller, final String target,
                             final InputStream body, final ErrorFormat format) {
        return open(request, caller, target, () -> bytes(body, format), format);
    }

    /** As {@link #open(ContainerRequestContext, Caller, String, InputStream, ErrorFormat)}, for a body read whole. */
    public WriteRequest open(final ContainerRequestContext request, final Caller caller, final String target,
                             final byte[] body, final ErrorFormat format) {
        return open(request, caller, target, () -> body, format);
    }

    private static WriteRequest open(final ContainerRequestContext request, final Caller caller, final String target,
                                     final Supplier<byte[]> body, final ErrorFormat format) {
        return switch (IdempotencyKey.read(request.getHeaderString(IdempotencyKey.HEADER))) {
            case IdempotencyKey.Reading.Invalid invalid -> throw new WebApplicationException(
                    format.invalidHeader(IdempotencyKey.HEADER, "idempotency_key_invalid", invalid.reason()));
            case IdempotencyKey.Reading.Absent absent ->
                    WriteRequest.fresh(RequestIdFilter.requestId(request), body.get());
            case IdempotencyKey.Reading.Valid valid -> {
                final byte[] bytes = body.get();
                final String requestId = valid.key().requestId(caller.workspaceId(), target, bytes);
                DerivedRequestIdFilter.answer(request, requestId);
                yield WriteRequest.idempotent(requestId, valid.key().value(), bytes);
            }
        };
    }

    private static byte[] bytes(final InputStream body, final ErrorFormat format) {
        try {
            return body.readAllBytes();
        } catch (IOException e) {
            throw new WebApplicationException(e, format.malformed(
                    new MalformedJson("The request body could not be read: " + e.getMessage(), -1, 0, 0)));
        }
    }
}
