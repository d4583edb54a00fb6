package org.opencdp.platform.streams;

import java.time.Duration;

import org.eclipse.microprofile.config.Config;
import org.opencdp.platform.query.InstanceAddress;
import org.opencdp.schemas.serde.RestSchemaRegistry;
import org.opencdp.schemas.serde.SchemaRegistry;

/**
 * What every Kafka Streams service (profile-projector, workflow-trigger) makes the same way at its edge, from the
 * same configuration keys: the recovery from transient failures, this instance's address for interactive queries
 * and the schema registry client. A plain class, not a CDI bean: each service's producers call it, so nothing of it
 * activates in a service without Kafka Streams (ingest-api).
 */
public final class StreamsEdge {

    /** The first wait before Streams is restarted after a transient failure. */
    public static final String TRANSIENT_BACKOFF_FIRST = "cdp.streams.transient-backoff.first";
    /** The longest wait before Streams is restarted after repeated transient failures. */
    public static final String TRANSIENT_BACKOFF_MAX = "cdp.streams.transient-backoff.max";
    /** host:port other instances forward interactive queries to. */
    public static final String APPLICATION_SERVER = "quarkus.kafka-streams.application-server";
    /** The schema registry the serdes (and the query APIs) use. */
    public static final String SCHEMA_REGISTRY_URL = "cdp.schema-registry.url";

    private StreamsEdge() {
    }

    public static TransientFailureRecovery recovery(final Config config) {
        return new TransientFailureRecovery(config.getValue(TRANSIENT_BACKOFF_FIRST, Duration.class),
                config.getValue(TRANSIENT_BACKOFF_MAX, Duration.class));
    }

    public static InstanceAddress instanceAddress(final Config config) {
        return new InstanceAddress(config.getValue(APPLICATION_SERVER, String.class));
    }

    public static SchemaRegistry schemaRegistry(final Config config) {
        return new RestSchemaRegistry(config.getValue(SCHEMA_REGISTRY_URL, String.class));
    }
}
