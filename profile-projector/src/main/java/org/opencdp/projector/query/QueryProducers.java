package org.opencdp.projector.query;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.opencdp.platform.query.InstanceAddress;
import org.opencdp.platform.query.QueryForwarder;
import org.opencdp.platform.streams.StreamsEdge;

/** The platform's query engine parts, made once for this instance. */
@ApplicationScoped
public class QueryProducers {

    @Produces
    @Singleton
    InstanceAddress instanceAddress(final Config config) {
        return StreamsEdge.instanceAddress(config);
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
