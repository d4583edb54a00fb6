package org.opencdp.schemas.serde;

import org.apache.avro.Schema;

/**
 * The two calls the Confluent wire format needs from a schema registry. Implementations cache both
 * directions: a schema id never changes meaning, so a lookup is made at most once per id.
 */
public interface SchemaRegistry {

    /** Registers (or finds) {@code schema} under {@code subject} and returns its global id. */
    int register(String subject, Schema schema);

    /** The writer schema with this global id. */
    Schema schemaById(int id);
}
