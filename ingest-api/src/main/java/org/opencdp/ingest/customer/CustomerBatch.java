package org.opencdp.ingest.customer;

import java.util.ArrayList;
import java.util.List;

import org.opencdp.avro.CustomerCommand;
import org.opencdp.ingest.command.CommandOrigin;
import org.opencdp.ingest.value.ReadBody;
import org.opencdp.schemas.values.Violation;

/** A read {@code POST /customers} body: its customers when valid, else every violation found. */
public record CustomerBatch(List<CustomerUpsert> customers, List<Violation> violations) implements ReadBody {

    public CustomerBatch {
        customers = List.copyOf(customers);
        violations = List.copyOf(violations);
    }

    /** One upsert per customer, in the body's order. */
    public List<CustomerCommand> commands(final CommandOrigin origin) {
        final List<CustomerCommand> commands = new ArrayList<>(customers.size());
        for (int i = 0; i < customers.size(); i++) {
            final CustomerUpsert customer = customers.get(i);
            commands.add(origin.upsertAttributes(i, customer.customerId(), customer.attributes()));
        }
        return commands;
    }

}
