package org.opencdp.schemas.serde;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.avro.Schema;

/**
 * A registry held in memory: for TopologyTestDriver tests and tools that run without a registry.
 * Ids are handed out in registration order, one per distinct schema, like a real registry.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

    private final List<Schema> schemas = new CopyOnWriteArrayList<>();
    private final Map<Schema, Integer> ids = new ConcurrentHashMap<>();

    @Override
    public synchronized int register(final String subject, final Schema schema) {
        return ids.computeIfAbsent(schema, s -> {
            schemas.add(s);
            return schemas.size();
        });
    }

    @Override
    public Schema schemaById(final int id) {
        if (id < 1 || id > schemas.size()) {
            throw new SchemaRegistryException("No schema with id " + id);
        }
        return schemas.get(id - 1);
    }
}
