package org.opencdp.projector.topology;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.avro.Schema;
import org.opencdp.schemas.serde.SchemaRegistry;
import org.opencdp.schemas.serde.SchemaRegistryException;

/**
 * A registry that refuses the first {@code failures} registrations of one record schema (a registry answering an
 * error that retrying does not cure), then behaves as {@code inner}: a way to make a processor's store write throw
 * on one record and not on the next.
 */
final class FailingRegistry implements SchemaRegistry {

    private final SchemaRegistry inner;
    private final String failingRecord;
    private final AtomicInteger failures;

    FailingRegistry(final SchemaRegistry inner, final Class<?> failingRecord, final int failures) {
        this.inner = inner;
        this.failingRecord = failingRecord.getName();
        this.failures = new AtomicInteger(failures);
    }

    @Override
    public int register(final String subject, final Schema schema) {
        if (schema.getFullName().equals(failingRecord) && failures.getAndDecrement() > 0) {
            throw new SchemaRegistryException("registry refused " + subject + " (test)");
        }
        return inner.register(subject, schema);
    }

    @Override
    public Schema schemaById(final int id) {
        return inner.schemaById(id);
    }
}
