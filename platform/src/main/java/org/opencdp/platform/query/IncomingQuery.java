package org.opencdp.platform.query;

import java.util.Map;
import java.util.Optional;

/**
 * How a query arrived: the caller's credential headers and request id (passed on when forwarding, so the
 * other instance authenticates the caller itself), whether another instance forwarded it here, and the JSON body
 * of a query that has one (a segment preview's definition): forwarded, it is posted with it.
 */
public record IncomingQuery(Map<String, String> passedHeaders, boolean forwarded, Optional<String> body) {

    public IncomingQuery {
        passedHeaders = Map.copyOf(passedHeaders);
    }

    /** A query without a body (a GET). */
    public IncomingQuery(final Map<String, String> passedHeaders, final boolean forwarded) {
        this(passedHeaders, forwarded, Optional.empty());
    }

    /** The same caller's query as a new hop of its own (which may be forwarded again), with the same body. */
    public IncomingQuery hop() {
        return new IncomingQuery(passedHeaders, false, body);
    }

    /** This query carrying {@code json} as its body. */
    public IncomingQuery withBody(final String json) {
        return new IncomingQuery(passedHeaders, forwarded, Optional.of(json));
    }
}
