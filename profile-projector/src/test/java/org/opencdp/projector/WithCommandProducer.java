package org.opencdp.projector;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.opencdp.embedded.SharedInfrastructure;

/**
 * For ITs that write commands to the shared broker ({@link ProjectorInfrastructure}) and read what the
 * projector makes of them: {@link #producer} is connected before the class's tests and closed after them.
 */
public abstract class WithCommandProducer {

    protected static CommandProducer producer;

    @BeforeAll
    static void connect() {
        final SharedInfrastructure infrastructure = ProjectorInfrastructure.infrastructure();
        producer = new CommandProducer(infrastructure.bootstrapServers(), infrastructure.registryUrl());
    }

    @AfterAll
    static void disconnect() {
        producer.close();
    }
}
