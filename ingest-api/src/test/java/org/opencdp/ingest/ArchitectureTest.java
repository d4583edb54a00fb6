package org.opencdp.ingest;

import org.opencdp.embedded.ArchitectureRules;
import org.opencdp.embedded.LayoutContract;

/**
 * The layout stays true ({@link ArchitectureRules}), checked on this module's main classes. Adapter packages:
 * {@code http} (resources, views, error mapping and the write path every route takes), {@code query} (the client
 * of the projector over HTTP), {@code publish} (the Kafka edge: the producers and the follower of {@code
 * sign-up-sources}), {@code access} (the credential gate in front of every route), {@code idempotency} (the
 * request filter) and {@code health} (the readiness checks). Every other package of {@code org.opencdp.ingest} (the root included) is a
 * domain package: it imports no Kafka ({@code org.apache.kafka..}), no HTTP ({@code jakarta.ws.rs..}, {@code
 * org.jboss.resteasy..}, {@code io.vertx..}) and no CDI or Quarkus ({@code jakarta.enterprise..}, {@code
 * jakarta.inject..}, {@code io.quarkus..}). And the packages {@code org.opencdp.ingest.(*)} are free of cycles.
 */
class ArchitectureTest implements LayoutContract {

    private static final ArchitectureRules RULES = new ArchitectureRules("org.opencdp.ingest", "http", "query", "publish", "access", "idempotency",
            "health");

    @Override
    public ArchitectureRules rules() {
        return RULES;
    }
}
