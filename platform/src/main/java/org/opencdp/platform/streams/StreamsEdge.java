package org.opencdp.platform.streams;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.properties.IfBuildProperty;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.eclipse.microprofile.config.Config;
import org.opencdp.platform.kafka.SchemaRegistries;
import org.opencdp.platform.query.InstanceAddress;
import org.opencdp.platform.query.QueryEngine;
import org.opencdp.platform.query.QueryForwarder;
import org.opencdp.schemas.serde.SchemaRegistry;

/**
 * What every Kafka Streams service (profile-projector, workflow-trigger) makes the same way at its edge, from the
 * same configuration keys: the recovery from transient failures (the Quarkus extension installs the
 * {@link StreamsUncaughtExceptionHandler} bean, which this one is, and readiness reads the same instance), this
 * instance's address for interactive queries, the query engine and the schema registry client. A service turns it
 * on with the build-time key {@value #ENABLED}{@code =true}; ingest-api, which has no Kafka Streams and makes its
 * own registry clients, leaves it off and gets none of these beans.
 * <p>
 * The query keys ({@value #QUERY_ATTEMPTS}, {@value #QUERY_BACKOFF}, {@value #QUERY_FORWARD_TIMEOUT}) are set in
 * each service's application.properties to that service's own query keys.
 */
@ApplicationScoped
@IfBuildProperty(name = StreamsEdge.ENABLED, stringValue = "true")
public class StreamsEdge {

    /** Build-time switch: {@code true} in the services that run Kafka Streams. */
    public static final String ENABLED = "cdp.streams.edge";
    /** The first wait before Streams is restarted after a transient failure. */
    public static final String TRANSIENT_BACKOFF_FIRST = "cdp.streams.transient-backoff.first";
    /** The longest wait before Streams is restarted after repeated transient failures. */
    public static final String TRANSIENT_BACKOFF_MAX = "cdp.streams.transient-backoff.max";
    /** host:port other instances forward interactive queries to. */
    public static final String APPLICATION_SERVER = "quarkus.kafka-streams.application-server";
    /** The schema registry the serdes (and the query APIs) use. */
    public static final String SCHEMA_REGISTRY_URL = SchemaRegistries.URL;
    /** Tries of a query, the first included, while the data has no available holder. */
    public static final String QUERY_ATTEMPTS = "cdp.streams.query.attempts";
    /** Pause between two tries of a query. */
    public static final String QUERY_BACKOFF = "cdp.streams.query.backoff";
    /** Longest wait for another instance's answer to a forwarded query. */
    public static final String QUERY_FORWARD_TIMEOUT = "cdp.streams.query.forward-timeout";

    @Produces
    @Singleton
    TransientFailureRecovery recovery(final Config config) {
        return new TransientFailureRecovery(config.getValue(TRANSIENT_BACKOFF_FIRST, Duration.class),
                config.getValue(TRANSIENT_BACKOFF_MAX, Duration.class));
    }

    @Produces
    @Singleton
    InstanceAddress instanceAddress(final Config config) {
        return new InstanceAddress(config.getValue(APPLICATION_SERVER, String.class));
    }

    @Produces
    @Singleton
    SchemaRegistry schemaRegistry(final Config config) {
        return SchemaRegistries.client(config);
    }

    @Produces
    @Singleton
    QueryForwarder queryForwarder(final Config config, final InstanceAddress self) {
        return new QueryForwarder(config.getValue(QUERY_FORWARD_TIMEOUT, Duration.class), self);
    }

    void closeForwarder(@Disposes final QueryForwarder forwarder) {
        forwarder.close();
    }

    @Produces
    @Singleton
    QueryEngine queryEngine(final Config config, final QueryForwarder forwarder) {
        return new QueryEngine(forwarder, config.getValue(QUERY_ATTEMPTS, Integer.class),
                config.getValue(QUERY_BACKOFF, Duration.class));
    }
}
