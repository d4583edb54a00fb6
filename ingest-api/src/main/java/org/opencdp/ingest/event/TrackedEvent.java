package org.opencdp.ingest.event;

import java.util.Map;

/** A read {@code POST /events} body: whose event, its name, and its raw data, in order. */
public record TrackedEvent(String customerId, String name, Map<String, Object> data) {
}
