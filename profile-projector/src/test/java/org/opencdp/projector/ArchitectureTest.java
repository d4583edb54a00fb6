package org.opencdp.projector;

import org.opencdp.embedded.ArchitectureRules;
import org.opencdp.embedded.LayoutContract;

/**
 * The layout stays true ({@link ArchitectureRules}), checked on this module's main classes. Adapter packages:
 * {@code http} (resources, views, error mapping), {@code query} (the interactive-query engine use and the stores),
 * {@code topology} (the Streams topology and its processors) and {@code health}. Every other package of {@code
 * org.opencdp.projector} (the root included) is a domain package: it imports no Kafka ({@code
 * org.apache.kafka..}), no HTTP ({@code jakarta.ws.rs..}, {@code org.jboss.resteasy..}, {@code io.vertx..}) and no
 * CDI or Quarkus ({@code jakarta.enterprise..}, {@code jakarta.inject..}, {@code io.quarkus..}). And the packages
 * {@code org.opencdp.projector.(*)} are free of cycles.
 */
class ArchitectureTest implements LayoutContract {

    private static final ArchitectureRules RULES = new ArchitectureRules("org.opencdp.projector", "http", "query", "topology", "health");

    @Override
    public ArchitectureRules rules() {
        return RULES;
    }
}
