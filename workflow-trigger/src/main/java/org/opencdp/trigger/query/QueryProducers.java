package org.opencdp.trigger.query;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.opencdp.platform.query.InstanceAddress;
import org.opencdp.platform.query.QueryEngine;
import org.opencdp.platform.query.QueryForwarder;
import org.opencdp.platform.streams.StreamsEdge;
import org.opencdp.trigger.topology.TriggerSettings;

/** The platform's query engine, made once for this instance with the run queries' settings. */
@ApplicationScoped
public class QueryProducers {

    @Produces
    @Singleton
    InstanceAddress instanceAddress(final Config config) {
        return StreamsEdge.instanceAddress(config);
    }

    @Produces
    @Singleton
    QueryForwarder queryForwarder(final TriggerSettings settings, final InstanceAddress self) {
        return new QueryForwarder(settings.runs().forwardTimeout(), self);
    }

    void closeForwarder(@Disposes final QueryForwarder forwarder) {
        forwarder.close();
    }

    @Produces
    @Singleton
    QueryEngine queryEngine(final QueryForwarder forwarder, final TriggerSettings settings) {
        return new QueryEngine(forwarder, settings.runs().queryAttempts(), settings.runs().queryBackoff());
    }
}
