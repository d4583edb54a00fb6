package org.opencdp.projector.query;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.opencdp.platform.query.InstanceAddress;
import org.opencdp.platform.query.QueryForwarder;

/** The platform's query engine parts, made once for this instance. */
@ApplicationScoped
public class QueryProducers {

    @Produces
    @Singleton
    InstanceAddress instanceAddress(@ConfigProperty(name = "quarkus.kafka-streams.application-server") final String applicationServer) {
        return new InstanceAddress(applicationServer);
    }

    @Produces
    @Singleton
    QueryForwarder queryForwarder(final QuerySettings settings, final InstanceAddress self) {
        return new QueryForwarder(settings.forwardTimeout(), self);
    }

    void closeForwarder(@Disposes final QueryForwarder forwarder) {
        forwarder.close();
    }
}
