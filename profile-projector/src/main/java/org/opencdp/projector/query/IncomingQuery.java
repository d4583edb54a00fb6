package org.opencdp.projector.query;

import java.util.Map;

import org.opencdp.avro.CustomerKey;

/**
 * A profile query as it arrived: the key it asks for, the caller's credential headers (to pass on when
 * forwarding, so the owner authenticates the caller itself), and whether another instance forwarded it.
 */
record IncomingQuery(CustomerKey key, Map<String, String> passedHeaders, boolean forwarded) {

    IncomingQuery {
        passedHeaders = Map.copyOf(passedHeaders);
    }
}
