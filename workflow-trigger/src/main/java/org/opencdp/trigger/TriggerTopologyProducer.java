package org.opencdp.trigger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.opencdp.schemas.serde.RestSchemaRegistry;
import org.opencdp.schemas.serde.SchemaRegistry;
import org.opencdp.trigger.run.TemplateLimits;

/** The one topology Quarkus runs, and the schema registry its serdes (and the API's) use. */
@ApplicationScoped
public class TriggerTopologyProducer {

    @Produces
    @Singleton
    SchemaRegistry schemaRegistry(@ConfigProperty(name = "cdp.schema-registry.url") final String url) {
        return new RestSchemaRegistry(url);
    }

    @Produces
    @Singleton
    Topology topology(final SchemaRegistry registry, final TriggerSettings settings) {
        return TriggerTopology.build(new TriggerConfig(registry, settings.startedRunsRetention(),
                new TemplateLimits(settings.templates().maxOutputBytes())));
    }
}
