package org.opencdp.ingest.customer;

import java.util.Map;

/** One customer of a {@code POST /customers} request: its canonical id and raw attribute values, in order. */
public record CustomerUpsert(String customerId, Map<String, Object> attributes) {
}
