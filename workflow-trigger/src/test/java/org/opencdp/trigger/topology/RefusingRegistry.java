package org.opencdp.trigger.topology;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.opencdp.schemas.serde.InMemorySchemaRegistry;
import org.opencdp.schemas.serde.SchemaRegistry;
import org.opencdp.schemas.serde.SchemaRegistryException;

/**
 * An in-memory registry that can refuse to register a schema, as a registry does an incompatible one (409): an
 * error retrying does not cure, so the serde's failure is poison, not transient. The topology's own seam
 * ({@link TriggerConfig#registry()}) for making a store write or a sink's serializer throw on one record.
 */
public final class RefusingRegistry implements SchemaRegistry {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final Set<Schema> refused = ConcurrentHashMap.newKeySet();

    public void refuse(final Schema schema) {
        refused.add(schema);
    }

    public void accept() {
        refused.clear();
    }

    @Override
    public int register(final String subject, final Schema schema) {
        if (refused.contains(schema)) {
            throw new SchemaRegistryException("Schema being registered is incompatible with an earlier schema "
                    + "for subject " + subject, 409, 409);
        }
        return registry.register(subject, schema);
    }

    @Override
    public Schema schemaById(final int id) {
        return registry.schemaById(id);
    }
}
