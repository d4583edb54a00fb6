package org.opencdp.trigger.http;

import java.util.Map;

import org.opencdp.platform.http.CommonResponses;

/** What every workflow route may answer, unless it documents the code itself (registered as {@code mp.openapi.filter}). */
public final class WorkflowResponses extends CommonResponses {

    public WorkflowResponses() {
        super(Map.of("401", "{\"message\":\"unauthorized\"}: no valid credentials",
                "403", "{\"message\":\"forbidden\"}: the credentials lack the route's scope"));
    }
}
