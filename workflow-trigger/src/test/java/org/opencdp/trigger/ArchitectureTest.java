package org.opencdp.trigger;

import org.opencdp.embedded.ArchitectureRules;
import org.opencdp.embedded.LayoutContract;

/**
 * The layout stays true ({@link ArchitectureRules}), checked on this module's main classes. Adapter packages:
 * {@code http} (resources, views, error mapping), {@code query} (the interactive-query engine use, and the API's
 * readers and writers of Kafka: the workflow catalog, dry runs over the event log), {@code topology} (the Streams
 * topology, its processors, stores and configuration, the API's window on the delivery stores, {@code
 * WebhookDeliveries}, and {@code TemporarilyUnavailable}, the 503 every adapter may throw), {@code health}
 * (readiness) and {@code deadletter} (the Kafka dead-letter writer of unreadable workflow definitions). Every other package of {@code org.opencdp.trigger} (the root included) is a
 * domain package: it imports no Kafka ({@code org.apache.kafka..}), no HTTP ({@code jakarta.ws.rs..}, {@code
 * org.jboss.resteasy..}, {@code io.vertx..}) and no CDI or Quarkus ({@code jakarta.enterprise..}, {@code
 * jakarta.inject..}, {@code io.quarkus..}), except the Qute template engine ({@code io.quarkus.qute..}: a plain
 * library, no CDI) that {@code run.MessageTemplates} renders with. And the packages {@code
 * org.opencdp.trigger.(*)} are free of cycles.
 */
class ArchitectureTest implements LayoutContract {

    private static final ArchitectureRules RULES = new ArchitectureRules("org.opencdp.trigger", "http", "query", "topology", "health", "deadletter")
            .allowing("io.quarkus.qute..");

    @Override
    public ArchitectureRules rules() {
        return RULES;
    }
}
