package org.opencdp.platform.query;

import java.util.Map;

/**
 * How a query arrived: the caller's credential headers and request id (passed on when forwarding, so the
 * other instance authenticates the caller itself), and whether another instance forwarded it here.
 */
public record IncomingQuery(Map<String, String> passedHeaders, boolean forwarded) {

    public IncomingQuery {
        passedHeaders = Map.copyOf(passedHeaders);
    }
}
