package org.opencdp.ingest.retently;

import java.util.Map;

/**
 * One subscriber of a Retently request: its customer id (the email, lower-cased), the email as the caller
 * wrote it (trimmed), its raw attribute values in request order ({@code null} and {@code ""} clear) and the
 * types it declares for some of them.
 */
public record SubscriberUpsert(String customerId, String email, Map<String, Object> attributes,
                               Map<String, String> declaredTypes) {
}
