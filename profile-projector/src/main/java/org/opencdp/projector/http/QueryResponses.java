package org.opencdp.projector.http;

import java.util.Map;

import org.opencdp.platform.http.CommonResponses;

/** What every projector route may answer, unless it documents the code itself (registered as {@code mp.openapi.filter}). */
public final class QueryResponses extends CommonResponses {

    public QueryResponses() {
        super(Map.of("401", "No valid credentials",
                "403", "The credentials lack profiles:read",
                "503", "The projector is starting or rebalancing; retry after Retry-After seconds"));
    }
}
