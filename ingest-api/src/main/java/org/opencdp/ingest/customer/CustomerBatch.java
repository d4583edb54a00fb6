package org.opencdp.ingest.customer;

import java.util.List;

import org.opencdp.ingest.value.ReadBody;
import org.opencdp.schemas.values.Violation;

/** A read {@code POST /customers} body: its customers when valid, else every violation found. */
public record CustomerBatch(List<CustomerUpsert> customers, List<Violation> violations) implements ReadBody {

    public CustomerBatch {
        customers = List.copyOf(customers);
        violations = List.copyOf(violations);
    }

}
